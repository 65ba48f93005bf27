#pragma once
// The outcome of one rate-limit decision, shared by every algorithm and store, and the counters a
// limiter exposes for /metrics. Durations are exact nanoseconds, rounded up from the algorithms'
// internal units so that waiting retry_after is always enough.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace portico::gateway {

struct decision {
  bool allowed = false;
  std::int64_t limit = 0;      // RateLimit-Limit: window limit or bucket capacity
  std::int64_t remaining = 0;  // requests of cost 1 that would be allowed right now, after this one
  std::chrono::nanoseconds reset_after{0};  // until the quota is fully restored if left idle
  std::chrono::nanoseconds retry_after{0};  // denied: until the same request would be allowed
  std::chrono::nanoseconds delay{0};        // allowed by a shaping leaky bucket: hold this long
  bool store_error = false;                 // global store unreachable: decided by fail_open
  friend bool operator==(const decision&, const decision&) = default;
};

// A limiter's counts as plain numbers: a snapshot for /metrics and runs, and the per-shard tally a
// local limiter keeps under the shard lock it already holds (no extra atomic per decision).
struct limiter_counts {
  std::uint64_t allowed = 0, denied = 0, delayed = 0, store_errors = 0;

  void record(const decision& d) noexcept {
    ++(d.allowed ? allowed : denied);
    delayed += d.allowed && d.delay.count() > 0;
    store_errors += d.store_error;
  }
  limiter_counts& operator+=(const limiter_counts& o) noexcept {
    allowed += o.allowed, denied += o.denied, delayed += o.delayed, store_errors += o.store_errors;
    return *this;
  }
  friend bool operator==(const limiter_counts&, const limiter_counts&) = default;
};

// Monotonic counters, updated with relaxed atomics (they are statistics, not synchronisation).
struct limiter_counters {
  std::atomic<std::uint64_t> allowed{0};
  std::atomic<std::uint64_t> denied{0};
  std::atomic<std::uint64_t> delayed{0};       // allowed with delay > 0
  std::atomic<std::uint64_t> store_errors{0};  // global store failures (each also logged)

  void record(const decision& d) noexcept {
    (d.allowed ? allowed : denied).fetch_add(1, std::memory_order_relaxed);
    if (d.allowed && d.delay.count() > 0) delayed.fetch_add(1, std::memory_order_relaxed);
    if (d.store_error) store_errors.fetch_add(1, std::memory_order_relaxed);
  }
  limiter_counts snapshot() const noexcept {
    return {allowed.load(std::memory_order_relaxed), denied.load(std::memory_order_relaxed),
            delayed.load(std::memory_order_relaxed), store_errors.load(std::memory_order_relaxed)};
  }
};

}  // namespace portico::gateway
