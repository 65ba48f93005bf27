#pragma once
// JUnit XML for CI: one testsuite per variant, one testcase per threshold; a failed threshold is
// a <failure> whose message gives the actual value and the limit.
#include "reports/formatter.hpp"

namespace portico::reports {

class junit_formatter final : public formatter {
 public:
  std::string render(const core::run_result& run) const override;
  std::string_view extension() const override { return "xml"; }
};

}  // namespace portico::reports
