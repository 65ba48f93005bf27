#pragma once
// The load generator's in-process API (used by `portico load` and the scenario runner).
//
//   auto r = loadgen::run(load, phases, seed, core::steady_clock_source::instance(), on_progress, stop);
//
// Runs a warm-up phase (sent, recorded separately, not part of the measurement) then the measure
// phase, each bounded by its duration (and the measure phase also by load.max_requests), then
// drains in-flight requests for at most phases.drain. The open-model schedule starts with the
// warm-up (its intended times count from the start of the run); after its last stage the final
// rate holds. Closed model: load.connections connections, each with load.pipeline requests in
// flight, after load.think_time. Workers: load.threads threads, each with its own epoll loop
// and its share of the connections and of the schedule (every threads-th send).
// Latency: corrected from the intended send time, uncorrected from the actual write; they are
// equal in the closed model. Errors by kind: see recording.hpp.
// Throws config_error (before sending anything) for a bad URL, an unresolvable host, unreadable
// TLS or feeder files, or an impossible config. Stop early with the stop_token: sending stops,
// in-flight requests drain, and the result covers what ran. Blocks until done; thread-safe in the
// sense that independent runs may proceed concurrently.
#include "core/config/load_config.hpp"
#include "core/results/results.hpp"
#include "core/time/clock.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <vector>

namespace portico::loadgen {

class config_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Once a second while running.
struct progress {
  bool warming_up = false;
  double elapsed_s = 0;        // since the measure phase started (warm-up: since the run started)
  double sent_per_s = 0, completed_per_s = 0;  // over the last second (measure phase only)
  std::int64_t p99_ns = 0;     // corrected, last second
  std::uint64_t sent = 0, completed = 0, errors = 0;  // measure phase so far
};
using progress_callback = std::function<void(const progress&)>;

// One second of the measure phase, as HdrHistogram V2 compressed base64 (for --hlog).
struct interval_histograms {
  std::int64_t start_ns = 0, length_ns = 0;  // since the measure phase started
  std::string corrected, uncorrected;
  std::int64_t corrected_max_ns = 0, uncorrected_max_ns = 0;
};

struct result {
  core::phase_result warmup, measure;
  std::vector<interval_histograms> intervals;
  std::string target;           // the URL as given
  int threads = 1;
};

result run(const core::load_config& load, const core::phases_config& phases, std::uint64_t seed,
           const core::clock& clock, const progress_callback& on_progress = {}, std::stop_token stop = {});

}  // namespace portico::loadgen
