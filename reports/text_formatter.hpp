#pragma once
// Terminal summary: per variant, the measure phase's counts, corrected vs uncorrected latency
// percentiles, per-request-template and component tables, thresholds and events; plain ASCII tables.
#include "reports/formatter.hpp"

namespace portico::reports {

class text_formatter final : public formatter {
 public:
  std::string render(const core::run_result& run) const override;
  std::string_view extension() const override { return "txt"; }
};

}  // namespace portico::reports
