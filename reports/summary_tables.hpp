#pragma once
// The summary tables every formatter shows (text, Markdown and HTML lay out the same tables, so
// their numbers agree), built from the results model only.
#include "core/results/results.hpp"
#include "reports/table.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::reports {

// The percentiles the summaries list, and their column labels.
struct percentile_column {
  double percentile;
  const char* label;
};
const std::vector<percentile_column>& summary_percentiles();

// "30.0 s, open model, 64 connections, intended 2000.0/s, achieved 1998.2/s, ..."
std::string phase_line(const core::phase_result& phase);
// "sent 60000, completed 59900, errors 100 (timeout 80, connect 20), 5xx 300, error rate 0.67%"
std::string counts_line(const core::request_counts& counts);
// "connect 12 (Connection refused), timeout 3" — errors by kind with the first explanation seen.
std::string error_kinds_text(const core::request_counts& counts);
// "200: 59000, 429: 600, 503: 300"
std::string status_line(const core::request_counts& counts);

table latency_table(const core::stream_result& stream);             // corrected and uncorrected rows
table phases_table(const core::variant_result& variant);           // one row per phase
table requests_table(const core::phase_result& phase);             // one row per request template
std::vector<std::pair<std::string, table>> component_tables(const core::phase_result& phase);  // by kind
// The section heading for a component kind: "routes", "access log", "authentication", ...
std::string component_heading(std::string_view kind);
table thresholds_table(const core::variant_result& variant);       // PASS/FAIL rows
table events_table(const core::variant_result& variant);
// Variants ranked by the measure phase's corrected p99 (ascending), ties by throughput.
table ranking_table(const core::run_result& run);
table capacity_table(const core::capacity_result& capacity);
// "scenario limiter-shootout, seed 42, started 2026-..., portico 0.1.0"
std::string run_line(const core::run_result& run);

}  // namespace portico::reports
