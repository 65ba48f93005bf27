#pragma once
// Regression compare (the CI gate): the measure phase of each variant of BASE against the variant
// of the same name in NEW (when each run has exactly one variant they are paired whatever their
// names). Compared metrics: p50 p90 p99 p999 max (corrected latency), throughput, error_rate.
// Gates (--max-regression p99=10%,throughput=5%,error_rate=0.5%):
//   latency metrics:  regression when NEW > BASE by more than the given share of BASE;
//   throughput:       regression when NEW < BASE by more than the given share of BASE;
//   error_rate:       regression when NEW - BASE exceeds the given percentage POINTS
//                     (error_rate=0.5% fails going from 0.2% to 0.8%).
// A gated metric missing from either run counts as a regression (the gate cannot be shown to
// hold). Pure functions; thread-safe.
#include "core/results/results.hpp"
#include "reports/table.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::reports {

struct regression_gate {
  std::string metric;
  double limit = 0;  // fraction: 0.10 = 10% (relative, or absolute points for error_rate)
};

// "p99=10%,throughput=5%" -> gates; nullopt with *error set on a malformed list or unknown metric.
std::optional<std::vector<regression_gate>> parse_regression_gates(std::string_view text, std::string* error = nullptr);

struct metric_delta {
  std::string metric;
  std::optional<double> base, current;
  std::optional<double> gate;  // the gate's limit when this metric is gated
  bool regressed = false;
  std::string delta;    // "+4.4%", "-1.0%", "+0.02 pp", "n/a"
  std::string verdict;  // "ok", "REGRESSION", "missing", "-" (not gated)
};

struct variant_comparison {
  std::string base_name, new_name;
  std::vector<metric_delta> metrics;
  bool regressed = false;
};

struct comparison {
  std::string base_label, new_label;  // run_line() of each run
  std::vector<variant_comparison> variants;
  std::vector<std::string> unmatched;  // "base only: x", "new only: y"
  std::size_t gates_checked = 0, gates_failed = 0;
  bool regressed() const { return gates_failed > 0; }
};

comparison compare_runs(const core::run_result& base, const core::run_result& current,
                        const std::vector<regression_gate>& gates);

table comparison_table(const variant_comparison& v);
std::string render_comparison_text(const comparison& c);
std::string render_comparison_markdown(const comparison& c);

}  // namespace portico::reports
