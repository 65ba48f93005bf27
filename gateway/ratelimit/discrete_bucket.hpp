#pragma once
// Token bucket with discrete refill: N tokens are added at every multiple of F (aligned to the
// clock's origin, like fixed windows, so that several gateway instances agree), up to capacity B.
// The bucket starts full. A request of cost c is allowed iff tokens >= c; denials take nothing.
// Pure: the caller owns and synchronises the state.
#include "core/time/clock.hpp"
#include "gateway/ratelimit/decision.hpp"
#include "gateway/ratelimit/exact_rate.hpp"

#include <cstdint>
#include <limits>

namespace portico::gateway {

class discrete_bucket {
 public:
  struct state {
    std::int64_t period = std::numeric_limits<std::int64_t>::min();  // min = untouched (full)
    std::int64_t tokens = 0;
  };

  discrete_bucket(std::int64_t capacity, std::int64_t fill_tokens, std::int64_t fill_every_ns)
      : capacity_(capacity), fill_tokens_(fill_tokens), fill_every_ns_(fill_every_ns) {}
  explicit discrete_bucket(const limiter_params& p) : discrete_bucket(p.capacity, p.fill_tokens, p.fill_every_ns) {}

  decision decide(state& s, core::time_point now, std::int64_t cost = 1) const noexcept;
  std::int64_t limit() const noexcept { return capacity_; }

 private:
  std::int64_t capacity_;
  std::int64_t fill_tokens_;
  std::int64_t fill_every_ns_;
};

}  // namespace portico::gateway
