#pragma once
// Sliding window, exact log: a request of cost c at t is allowed iff the number of requests
// allowed in (t - W, t] plus c is at most L. The state keeps the times of the last L allowed
// requests in a ring (so memory per key is bounded by L * 8 bytes); expired times are dropped on
// each decision, so a decision is amortised O(cost). Denied requests are never logged: the
// definition counts allowed requests only, so count_denied does not apply to this variant.
// Pure: the caller owns and synchronises the state.
#include "core/time/clock.hpp"
#include "gateway/ratelimit/decision.hpp"
#include "gateway/ratelimit/exact_rate.hpp"

#include <cstdint>
#include <vector>

namespace portico::gateway {

class sliding_log {
 public:
  struct state {
    std::vector<std::int64_t> ring;  // capacity L once the first request is allowed
    std::size_t head = 0;            // oldest entry
    std::size_t size = 0;
  };

  sliding_log(std::int64_t limit, std::int64_t window_ns) : limit_(limit), window_ns_(window_ns) {}
  explicit sliding_log(const limiter_params& p) : sliding_log(p.limit, p.window_ns) {}

  decision decide(state& s, core::time_point now, std::int64_t cost = 1) const;
  std::int64_t limit() const noexcept { return limit_; }

 private:
  std::int64_t limit_;
  std::int64_t window_ns_;
};

}  // namespace portico::gateway
