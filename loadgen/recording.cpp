#include "loadgen/recording.hpp"

#include "core/stats/summary.hpp"

#include <algorithm>

namespace portico::loadgen {

namespace {

void add_counts(core::request_counts& into, const core::request_counts& from) {
  into.sent += from.sent;
  into.completed += from.completed;
  into.errors += from.errors;
  for (const auto& [kind, n] : from.errors_by_kind) into.errors_by_kind[kind] += n;
  for (const auto& [code, n] : from.status) into.status[code] += n;
}

}  // namespace

stream_stats::stream_stats() = default;

void stream_stats::merge(const stream_stats& other) {
  add_counts(counts, other.counts);
  corrected.merge(other.corrected);
  uncorrected.merge(other.uncorrected);
}

void stream_stats::fold_status() {
  for (std::size_t code = 0; code < by_status.size(); ++code) {
    if (by_status[code]) counts.status[static_cast<int>(code)] += by_status[code];
    by_status[code] = 0;
  }
}

void stream_stats::count_error(const char* kind, std::uint64_t n) {
  counts.errors += n;
  counts.errors_by_kind[kind] += n;
}

void phase_stats::merge(const phase_stats& other) {
  if (streams.size() < other.streams.size()) streams.resize(other.streams.size());
  for (std::size_t i = 0; i < other.streams.size(); ++i) streams[i].merge(other.streams[i]);
  unattributed.merge(other.unattributed);
  late_sends += other.late_sends;
  sent_after_end += other.sent_after_end;
  error_examples.insert(other.error_examples.begin(), other.error_examples.end());  // first wins
  max_send_lag_ns = std::max(max_send_lag_ns, other.max_send_lag_ns);
}

core::phase_result to_phase_result(const phase_stats& stats, const phase_shape& shape) {
  core::phase_result r;
  r.name = shape.name;
  r.duration_ns = shape.duration_ns;
  r.model = shape.open_model ? "open" : "closed";
  r.connections = shape.connections;
  r.intended_rate = shape.intended_rate;
  r.late_sends = stats.late_sends;
  r.max_send_lag_ns = stats.max_send_lag_ns;
  stream_stats overall = stats.unattributed;
  for (std::size_t i = 0; i < stats.streams.size(); ++i) {
    const auto& s = stats.streams[i];
    overall.merge(s);
    core::stream_result sr;
    sr.name = i < shape.template_names.size() ? shape.template_names[i] : "request " + std::to_string(i);
    sr.counts = s.counts;
    sr.corrected = core::summarize(s.corrected, false);
    sr.uncorrected = core::summarize(s.uncorrected, false);
    r.requests.push_back(std::move(sr));
  }
  r.overall.name = "overall";
  r.overall.counts = overall.counts;
  r.overall.corrected = core::summarize(overall.corrected, true);
  r.overall.uncorrected = core::summarize(overall.uncorrected, true);
  const double seconds = static_cast<double>(shape.duration_ns) * 1e-9;
  if (seconds > 0) {
    r.achieved_rate = static_cast<double>(overall.counts.sent - stats.sent_after_end) / seconds;
    r.throughput = static_cast<double>(overall.counts.completed) / seconds;
  }
  return r;
}

}  // namespace portico::loadgen
