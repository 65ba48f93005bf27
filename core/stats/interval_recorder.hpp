#pragma once
// Live snapshots of a recording stream: writers record into the active histogram, a reader takes
// the interval so far and leaves a fresh histogram behind (a phaser-style swap, so recording never
// waits on the reader for long). Thread-safe: any number of recording threads, one reader.
#include "core/stats/histogram.hpp"

#include <atomic>
#include <memory>
#include <mutex>

namespace portico::core {

class interval_recorder {
 public:
  explicit interval_recorder(histogram_options options = {});
  void record(std::int64_t value) noexcept;
  // Returns everything recorded since the previous call (or construction).
  histogram take_interval();

 private:
  histogram_options options_;
  std::mutex mutex_;
  histogram active_;
};

}  // namespace portico::core
