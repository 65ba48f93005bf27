#include "core/stats/summary.hpp"

#include <algorithm>

namespace portico::core {

latency_summary summarize(const histogram& h, bool keep_histogram) {
  latency_summary s;
  s.count = h.count();
  s.out_of_range = h.out_of_range();
  s.min_ns = h.min();
  s.max_ns = h.max();
  s.mean_ns = h.mean();
  s.stddev_ns = h.stddev();
  s.percentiles.reserve(summary_percentiles.size());
  for (const double p : summary_percentiles)
    s.percentiles.push_back({p, std::min(h.value_at_percentile(p), h.max())});
  if (keep_histogram) s.histogram = h.encode_v2_compressed_base64();
  return s;
}

std::optional<histogram> summary_histogram(const latency_summary& summary) {
  if (summary.histogram.empty()) return std::nullopt;
  return histogram::decode_v2_compressed_base64(summary.histogram);
}

}  // namespace portico::core
