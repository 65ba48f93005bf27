#pragma once
// One self-contained HTML file (inline CSS, inline SVG, a few lines of inline JS; no network):
// percentile spectrum, latency/throughput/errors over time, variant overlay and ranking, tables.
#include "reports/formatter.hpp"

namespace portico::reports {

class html_formatter final : public formatter {
 public:
  std::string render(const core::run_result& run) const override;
  std::string_view extension() const override { return "html"; }
};

}  // namespace portico::reports
