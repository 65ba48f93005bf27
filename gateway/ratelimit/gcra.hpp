#pragma once
// Token bucket (continuous refill) and leaky bucket (meter and queue) as one exact algorithm:
// GCRA, the virtual-scheduling form of the ITU-T/ATM "generic cell rate algorithm".
//
// State: one integer, the theoretical arrival time TAT (when the bucket would be full again).
// With emission interval T = 1/rate and capacity B, a request of cost n at time t is allowed iff
//   max(TAT, t) + n*T - t <= B*T,      and then TAT := max(TAT, t) + n*T.
// Equivalence with the token bucket: tokens(t) = B - (max(TAT, t) - t) / T, a rational number, so
// fractional tokens persist across requests and denials (a denial leaves TAT alone). The bucket
// starts full (TAT = -inf). Equivalence with nginx limit_req: nginx's `excess` after a request is
// (max(TAT, t) + T - t)/T - 1 requests, it admits while excess <= burst, i.e. B = burst + 1, and
// without nodelay it delays a request by (excess - delay)/rate = max(TAT, t) - t - delay*T.
// nginx truncates to milliseconds and milli-requests; here nothing is truncated.
//
// Exactness: T is rational (period/count); time is measured in units of 1/scale ns with
// scale = count / gcd(period, count), which makes T an integer number of units. Durations
// returned are rounded up to whole nanoseconds. Pure: the caller owns and synchronises the state
// (a single int64, so a lock-free store can CAS it).
#include "core/time/clock.hpp"
#include "gateway/ratelimit/decision.hpp"
#include "gateway/ratelimit/exact_rate.hpp"

#include <cstdint>
#include <limits>

namespace portico::gateway {

struct gcra_config {
  exact_rate rate;              // sustained rate
  std::int64_t capacity = 1;    // B: token capacity (token bucket) or burst + 1 (leaky bucket)
  bool shaping = false;         // leaky queue: allowed requests get a delay
  std::int64_t delay_after = 0; // shaping: the first N excess requests are not delayed
  std::int64_t origin_ns = 0;   // times are measured from here (keeps scaled times in 64 bits)
};

class gcra {
 public:
  struct state {
    std::int64_t tat = std::numeric_limits<std::int64_t>::min();  // in units; min = full bucket
  };

  explicit gcra(const gcra_config& config);
  gcra(const limiter_params& p, std::int64_t origin_ns = 0);

  decision decide(state& s, core::time_point now, std::int64_t cost = 1) const noexcept;
  // The same decision as a pure function of the old TAT, for CAS loops: returns the new TAT.
  std::int64_t decide(std::int64_t tat, core::time_point now, std::int64_t cost, decision& out) const noexcept;

  std::int64_t limit() const noexcept { return capacity_; }
  std::int64_t scale() const noexcept { return scale_; }
  std::int64_t interval_units() const noexcept { return interval_; }

 private:
  std::int64_t scale_;     // units per nanosecond
  std::int64_t interval_;  // T in units
  std::int64_t capacity_;
  bool shaping_;
  std::int64_t delay_after_;
  std::int64_t origin_ns_;
};

}  // namespace portico::gateway
