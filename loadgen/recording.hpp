#pragma once
// What a worker records, per phase: counts and HDR histograms (nanoseconds) per request template,
// corrected (from the intended send time) and uncorrected (from the actual write). Each worker
// owns its own; the driver merges them at the end (bounded memory for any run length).
// Not thread-safe.
#include "core/results/results.hpp"
#include "core/stats/histogram.hpp"

#include <cstdint>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace portico::loadgen {

// Error kinds as they appear in request_counts::errors_by_kind.
namespace error_kind {
inline constexpr const char* connect = "connect";    // refused, unreachable, connect timeout
inline constexpr const char* tls = "tls";            // handshake or TLS record failure
inline constexpr const char* write = "write";
inline constexpr const char* read = "read";          // reset by peer, ...
inline constexpr const char* closed = "closed";      // peer closed with the request unanswered
inline constexpr const char* parse = "parse";        // malformed response
inline constexpr const char* timeout = "timeout";    // no response within the request timeout
inline constexpr const char* not_sent = "not_sent";  // intended in the phase, never sent before the drain deadline
inline constexpr const char* unfinished = "unfinished";  // still in flight at the drain deadline
}  // namespace error_kind

struct stream_stats {
  core::request_counts counts;
  core::histogram corrected, uncorrected;
  std::vector<std::uint64_t> by_status = std::vector<std::uint64_t>(600);  // hot path; see fold_status
  stream_stats();
  void merge(const stream_stats& other);
  void count_error(const char* kind, std::uint64_t n = 1);
  void count_status(int code) noexcept { ++by_status[static_cast<std::size_t>(code)]; }  // 100..599
  void fold_status();  // by_status -> counts.status
};

struct phase_stats {
  std::vector<stream_stats> streams;   // per request template
  stream_stats unattributed;           // errors before a template was chosen (connect, ...)
  std::uint64_t late_sends = 0;
  std::uint64_t sent_after_end = 0;  // sent only once the phase was over (late, in the drain)
  std::int64_t max_send_lag_ns = 0;
  std::map<std::string, std::string> error_examples;  // kind -> the first explanation seen
  explicit phase_stats(std::size_t templates = 1) : streams(templates) {}
  void merge(const phase_stats& other);
};

struct phase_shape {
  std::string name;  // "warmup" | "measure"
  std::int64_t duration_ns = 0;
  bool open_model = false;
  int connections = 0;
  double intended_rate = 0;
  std::vector<std::string> template_names;
};

// The results model's view of merged stats. Closed model: corrected == uncorrected by
// construction (every request is intended when it is sent). achieved_rate counts only the sends
// made within the phase: a target that falls behind shows as achieved < intended even when the
// backlog is sent later, in the drain.
core::phase_result to_phase_result(const phase_stats& stats, const phase_shape& shape);

}  // namespace portico::loadgen
