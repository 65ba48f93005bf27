#pragma once
// The HTML report's inline stylesheet and script (kept out of the formatter's logic).
#include <string_view>

namespace portico::reports {

std::string_view report_css();
// Legend clicks toggle a chart series; no other behaviour, no network.
std::string_view report_js();

}  // namespace portico::reports
