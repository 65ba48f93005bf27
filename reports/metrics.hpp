#pragma once
// The numbers thresholds, compare and every formatter agree on, computed from the results model
// only. Definitions (documented once, here):
//   error_rate = (transport errors + responses with status >= 500) / sent. 4xx responses are the
//                server's answer to the request (auth failure, 404, 429 rate limited) and do not
//                count; a run gating on 429s uses a limiter counter or a scope instead.
//   throughput = completed responses per second of phase duration (any status).
//   pNN        = corrected (intended-send-time) latency at that percentile; p999 = 99.9,
//                p9999 = 99.99; max and mean likewise from the corrected summary.
#include "core/results/results.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace portico::reports {

// The phase the gates and summaries read: the one named "measure", else the last phase.
const core::phase_result* measure_phase(const core::variant_result& variant);

// Value at `percentile` (0..100): the summary's listed percentile when present, else computed
// from its encoded histogram; 100 is max. nullopt when neither has it.
std::optional<std::int64_t> percentile_ns(const core::latency_summary& summary, double percentile);

std::uint64_t status_at_least(const core::request_counts& counts, int lowest_status);
double error_rate(const core::request_counts& counts);
double seconds(std::int64_t ns);

// Metric names as thresholds and --max-regression spell them.
enum class metric_kind { latency, rate, throughput };
std::optional<metric_kind> kind_of_metric(std::string_view metric);
// "p99" -> 99, "p999" -> 99.9, "max" -> 100; nullopt for mean and non-latency metrics.
std::optional<double> percentile_of_metric(std::string_view metric);

// A metric of a stream over a phase of `duration_ns`; nullopt if it is not available.
std::optional<double> stream_metric(const core::stream_result& stream, std::int64_t duration_ns,
                                    std::string_view metric);

// Display helpers shared by the formatters: "12.3 ms", "950.2/s", "0.42%".
std::string format_ns(double ns);
std::string format_rate(double per_second);
std::string format_percent(double fraction);
std::string format_metric(std::string_view metric, double value);
std::string format_fixed(double value, int decimals);

}  // namespace portico::reports
