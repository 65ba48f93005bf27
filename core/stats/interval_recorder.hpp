#pragma once
// Live snapshots of a recording stream (after HdrHistogram's Recorder): each recording thread
// writes into its own pair of histograms (active / inactive), guarded by a per-thread
// writer-reader phaser; the reader flips every thread's phase, waits only for writes already in
// flight (one record() each), and sums the inactive halves. Writers never lock or wait and never
// share a cache line with each other.
// Thread-safe: any number of recording threads, take_interval from one thread at a time (it is
// serialised internally). A recorder must outlive the threads' last record() call on it.
#include "core/stats/histogram.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace portico::core {

class interval_recorder {
 public:
  explicit interval_recorder(histogram_options options = {});
  ~interval_recorder();
  interval_recorder(const interval_recorder&) = delete;
  interval_recorder& operator=(const interval_recorder&) = delete;

  void record(std::int64_t value) noexcept;
  void record(std::int64_t value, std::uint64_t count) noexcept;
  // Returns everything recorded since the previous call (or construction), from all threads.
  histogram take_interval();
  const histogram_options& options() const noexcept { return options_; }

  struct slot;  // one recording thread's histograms and phaser (interval_recorder.cpp)

 private:
  slot& local_slot();

  histogram_options options_;
  std::uint64_t id_;  // unique per recorder, so a thread's cached slot is never mistaken
  std::mutex mutex_;  // guards slots_ (registration and take_interval)
  std::vector<std::unique_ptr<slot>> slots_;
};

}  // namespace portico::core
