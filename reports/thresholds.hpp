#pragma once
// Threshold evaluation: a parsed core::threshold_config ("p99 < 50ms", "route(users).error_rate <
// 1%") against one phase of a run (the runner passes the measure phase) -> core::threshold_result.
// Metrics are defined in reports/metrics.hpp (error_rate counts transport errors and 5xx, not 4xx).
// Scope: empty = the phase's overall stream; otherwise the request template of that name, else
// the gateway component of kind "route" of that name, whose counters are read as
// requests (or sent), errors, status_5xx, and whose latency summary gives the percentiles.
// A threshold whose scope or metric cannot be found FAILS with actual = 0, so a typo never
// passes a CI gate silently. Pure functions; thread-safe.
#include "core/config/scenario_config.hpp"
#include "core/results/results.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::reports {

// The actual value of `metric` in `scope` of the phase; nullopt when not available.
std::optional<double> threshold_actual(const core::phase_result& phase, std::string_view scope,
                                       std::string_view metric);

core::threshold_result evaluate_threshold(const core::threshold_config& threshold, const core::phase_result& phase);
std::vector<core::threshold_result> evaluate_thresholds(const std::vector<core::threshold_config>& thresholds,
                                                        const core::phase_result& phase);

// Every threshold of every variant passed (true when there are none).
bool all_thresholds_passed(const core::run_result& run);

// A threshold's written text split for display: "route(users).p99 < 20ms" ->
// {scope "users", metric "p99", op "<", limit "20ms"}. Unparseable text gives metric = text.
struct threshold_parts {
  std::string scope, metric, op, limit;
};
threshold_parts split_threshold_text(std::string_view text);

// "actual 62.1 ms, limit < 50ms" for reports and JUnit failure messages.
std::string describe_threshold(const core::threshold_result& result);

}  // namespace portico::reports
