#pragma once
// CSV (RFC 4180): one row per variant x phase x stream (overall and each request template), with
// counts, rates and latency percentiles in milliseconds; a fixed header so spreadsheets can pivot.
#include "reports/formatter.hpp"

namespace portico::reports {

class csv_formatter final : public formatter {
 public:
  std::string render(const core::run_result& run) const override;
  std::string_view extension() const override { return "csv"; }
};

}  // namespace portico::reports
