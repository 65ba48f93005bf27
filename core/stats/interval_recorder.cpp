#include "core/stats/interval_recorder.hpp"

#include <array>
#include <climits>

namespace portico::core {

// Gil Tene's WriterReaderPhaser, one per recording thread. A writer brackets each record() with
// an increment of start_epoch (whose sign says which half is active) and of the matching end
// epoch; the reader swaps start_epoch to the other phase's origin and waits until the old phase's
// end epoch has caught up with the value it swapped out: then no write to the old half is in
// flight and its contents are visible (seq_cst RMWs on both sides).
struct interval_recorder::slot {
  explicit slot(const histogram_options& options, std::thread::id id)
      : owner(id), halves{histogram(options), histogram(options)} {}

  std::thread::id owner;
  alignas(64) std::atomic<std::int64_t> start_epoch{0};
  std::atomic<std::int64_t> even_end_epoch{0};
  std::atomic<std::int64_t> odd_end_epoch{INT64_MIN};
  histogram halves[2];  // [0] active in the even phase (start_epoch >= 0), [1] in the odd phase

  void record(std::int64_t value, std::uint64_t count) noexcept {
    const auto epoch = start_epoch.fetch_add(1);
    halves[epoch < 0 ? 1 : 0].record(value, count);
    (epoch < 0 ? odd_end_epoch : even_end_epoch).fetch_add(1);
  }

  // Makes the other half active and returns the one that was, once no write to it is in flight.
  histogram& flip() {
    const bool next_is_even = start_epoch.load() < 0;
    const std::int64_t origin = next_is_even ? 0 : INT64_MIN;
    (next_is_even ? even_end_epoch : odd_end_epoch).store(origin);
    const auto at_flip = start_epoch.exchange(origin);
    auto& old_end = next_is_even ? odd_end_epoch : even_end_epoch;
    while (old_end.load() != at_flip) std::this_thread::yield();  // at most one record() long
    return halves[next_is_even ? 1 : 0];
  }
};

namespace {

std::atomic<std::uint64_t> next_recorder_id{1};

struct cached_slot {
  std::uint64_t recorder_id = 0;
  interval_recorder::slot* slot = nullptr;
};
// A small per-thread cache; an evicted entry is found again under the recorder's mutex.
thread_local std::array<cached_slot, 8> slot_cache{};
thread_local unsigned slot_cache_victim = 0;

}  // namespace

interval_recorder::interval_recorder(histogram_options options)
    : options_(options), id_(next_recorder_id.fetch_add(1)) {
  histogram validate(options_);  // throws on bad options here, not in a recording thread
}

interval_recorder::~interval_recorder() = default;

interval_recorder::slot& interval_recorder::local_slot() {
  for (const auto& entry : slot_cache)
    if (entry.recorder_id == id_) return *entry.slot;
  slot* found = nullptr;
  {
    std::lock_guard lock(mutex_);
    const auto me = std::this_thread::get_id();
    for (const auto& s : slots_)
      if (s->owner == me) found = s.get();
    if (found == nullptr) {
      slots_.push_back(std::make_unique<slot>(options_, me));
      found = slots_.back().get();
    }
  }
  slot_cache[slot_cache_victim++ % slot_cache.size()] = {id_, found};
  return *found;
}

void interval_recorder::record(std::int64_t value) noexcept { local_slot().record(value, 1); }

void interval_recorder::record(std::int64_t value, std::uint64_t count) noexcept {
  local_slot().record(value, count);
}

histogram interval_recorder::take_interval() {
  histogram interval(options_);
  std::lock_guard lock(mutex_);
  for (auto& s : slots_) {
    auto& inactive = s->flip();
    interval.merge(inactive);
    inactive.reset();
  }
  return interval;
}

}  // namespace portico::core
