#pragma once
// Applies a scenario's timed events (fail an instance at 10s, reload at 20s, ...) on a thread of
// its own while the load runs, and keeps the event log for the results.
//
//   event_timeline timeline(scenario.events, [&](auto& e) { return sut.apply(e); });
//   timeline.start();  ... run the load ...  timeline.stop();
//   variant.events = timeline.log();
//
// Offsets count from start() (the runner calls it as the load's warm-up begins). Events not yet
// due at stop() are logged as skipped, so a too-short run never hides a planned failure.
// Thread-safety: start/stop/log from one thread; the apply callback runs on the timeline's thread.
#include "core/config/scenario_config.hpp"
#include "core/results/results.hpp"
#include "core/time/clock.hpp"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace portico::runner {

class event_timeline {
 public:
  using apply_fn = std::function<std::string(const core::event_config&)>;

  event_timeline(std::vector<core::event_config> events, apply_fn apply);
  ~event_timeline();
  event_timeline(const event_timeline&) = delete;
  event_timeline& operator=(const event_timeline&) = delete;

  void start();
  void stop();
  // Adds what the system under test logged itself; `at` is core::steady_clock_source time
  // (before start() counts as 0). Any thread.
  void add(core::time_point at, std::string source, std::string what);
  std::vector<core::event_record> log() const;  // by time

 private:
  void run(std::stop_token stop);
  void record(std::int64_t at_ns, std::string source, std::string what);

  std::vector<core::event_config> events_;  // sorted by offset
  apply_fn apply_;
  std::chrono::steady_clock::time_point started_;
  core::time_point started_at_;  // the same instant as core::steady_clock_source time
  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::vector<core::event_record> log_;
  std::jthread thread_;
};

}  // namespace portico::runner
