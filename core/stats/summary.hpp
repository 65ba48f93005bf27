#pragma once
// A histogram condensed into the results model's latency_summary.
#include "core/results/results.hpp"
#include "core/stats/histogram.hpp"

#include <array>

namespace portico::core {

// The percentiles every summary reports, in this order.
inline constexpr std::array<double, 7> summary_percentiles{50, 75, 90, 99, 99.9, 99.99, 100};

// count = in-range values, out_of_range = underflow + overflow; min/max are the histogram's
// (exact when recorded here). Percentiles are value_at_percentile(p) capped at max(): the
// HdrHistogram figure, except that no percentile exceeds the true maximum, so p100 == max_ns.
// (HdrHistogram itself prints the max bucket's highest equivalent value, up to one bucket width,
// i.e. 10^-digits relative, above the real max.) mean/stddev come from bucket midpoints.
// `histogram` holds encode_v2_compressed_base64() when keep_histogram.
latency_summary summarize(const histogram& h, bool keep_histogram = true);

// The histogram kept in a summary, or nullopt when none was kept or it does not decode.
std::optional<histogram> summary_histogram(const latency_summary& summary);

}  // namespace portico::core
