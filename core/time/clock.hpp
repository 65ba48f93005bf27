#pragma once
// Time source injected into every piece of logic that needs "now": limiters, health checks,
// breakers, schedules, phases. Production uses steady_clock_source, tests a manual_clock, and the
// simulator a virtual clock it advances itself. No logic calls std::chrono::*::now() directly.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace portico::core {

using nanos = std::chrono::nanoseconds;

// A point in time as nanoseconds since the clock's own (arbitrary) epoch; only differences matter.
struct time_point {
  nanos since_epoch{0};
  friend constexpr auto operator<=>(time_point, time_point) = default;
  friend constexpr time_point operator+(time_point t, nanos d) { return {t.since_epoch + d}; }
  friend constexpr time_point operator-(time_point t, nanos d) { return {t.since_epoch - d}; }
  friend constexpr nanos operator-(time_point a, time_point b) { return a.since_epoch - b.since_epoch; }
};

// Contract: now() is monotonic non-decreasing and safe to call from any thread.
class clock {
 public:
  virtual ~clock() = default;
  virtual time_point now() const noexcept = 0;
};

// std::chrono::steady_clock, the production source.
class steady_clock_source final : public clock {
 public:
  time_point now() const noexcept override {
    return {std::chrono::duration_cast<nanos>(std::chrono::steady_clock::now().time_since_epoch())};
  }
  static const steady_clock_source& instance() noexcept {
    static const steady_clock_source source;
    return source;
  }
};

// A clock that moves only when told to; thread-safe so concurrent tests can share it.
class manual_clock final : public clock {
 public:
  explicit manual_clock(time_point start = {}) : now_(start.since_epoch.count()) {}
  time_point now() const noexcept override { return {nanos{now_.load(std::memory_order_acquire)}}; }
  void advance(nanos d) noexcept { now_.fetch_add(d.count(), std::memory_order_acq_rel); }
  void set(time_point t) noexcept { now_.store(t.since_epoch.count(), std::memory_order_release); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace portico::core
