#pragma once
// Per-upstream circuit breaker combining Envoy-style overflow limits with a consecutive-failure
// breaker:
//   - max_requests: requests in flight to the upstream; beyond it try_acquire() rejects (503 now).
//   - max_pending: requests waiting for an upstream connection; the proxy brackets the wait with
//     try_enter_pending()/leave_pending() and rejects when it returns false.
//     Overflow rejections do NOT open the breaker (as in Envoy): they only shed load.
//   - consecutive_failures failed results (upstream_outcome::is_failure) in a row: CLOSED -> OPEN.
//     While OPEN every try_acquire() is rejected. After open_for it is HALF_OPEN: at most
//     half_open_probes requests are admitted concurrently; the first probe success closes the
//     breaker, a probe failure re-opens it for another open_for.
// Every admitted permit (permit.allowed()) must be ended by exactly one on_result(permit, ...);
// only the results of half-open probe permits decide HALF_OPEN -> CLOSED/OPEN.
// With config.enabled == false every request is allowed and nothing is counted but requests.
//
// Threading: shared by all proxy threads of an upstream; one internal mutex, short sections.
#include "core/config/gateway_config.hpp"
#include "core/time/clock.hpp"
#include "gateway/resilience/upstream_outcome.hpp"

#include <cstdint>
#include <mutex>

namespace portico::gateway {

enum class breaker_state { closed, open, half_open };
enum class admission { allowed, rejected_open, rejected_max_requests };

struct breaker_permit {
  admission result = admission::allowed;
  bool probe = false;  // admitted as a half-open probe
  bool allowed() const noexcept { return result == admission::allowed; }
};

struct breaker_counters {
  std::uint64_t allowed = 0;
  std::uint64_t rejected_open = 0;          // rejected because OPEN (or HALF_OPEN probes busy)
  std::uint64_t rejected_max_requests = 0;
  std::uint64_t rejected_max_pending = 0;
  std::uint64_t opened = 0;                 // CLOSED/HALF_OPEN -> OPEN transitions
  std::uint64_t closed = 0;                 // HALF_OPEN -> CLOSED transitions
  std::int64_t in_flight = 0;
  std::int64_t pending = 0;
};

class circuit_breaker {
 public:
  explicit circuit_breaker(const core::circuit_breaker_config& config);

  breaker_permit try_acquire(core::time_point now);
  void on_result(const breaker_permit& permit, upstream_outcome outcome, core::time_point now);
  bool try_enter_pending();
  void leave_pending();

  breaker_state state(core::time_point now) const;  // OPEN reads as HALF_OPEN once open_for passed
  breaker_counters counters() const;

 private:
  void open_locked(core::time_point now);

  core::circuit_breaker_config config_;
  mutable std::mutex mutex_;
  breaker_state state_ = breaker_state::closed;
  core::time_point open_until_;
  int consecutive_failures_ = 0;
  int probes_in_flight_ = 0;
  breaker_counters counters_;
};

const char* to_string(breaker_state state) noexcept;

}  // namespace portico::gateway
