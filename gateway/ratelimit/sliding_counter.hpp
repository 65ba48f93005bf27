#pragma once
// Sliding window, weighted counter (the Cloudflare/nginx-plus estimate): with e = t - k*W the
// elapsed part of the current window, a request of cost c is allowed iff
//   prev * (W - e) / W + curr + c <= L,
// compared exactly as prev * (W - e) + (curr + c) * W <= L * W in 128-bit integers. prev is the
// previous window's count (0 if that window is stale, i.e. more than one window ago). Denied
// requests are not counted unless count_denied (then they raise curr like allowed ones).
// Pure: the caller owns and synchronises the state.
#include "core/time/clock.hpp"
#include "gateway/ratelimit/decision.hpp"
#include "gateway/ratelimit/exact_rate.hpp"

#include <cstdint>
#include <limits>

namespace portico::gateway {

class sliding_counter {
 public:
  struct state {
    std::int64_t window = std::numeric_limits<std::int64_t>::min();
    std::int64_t prev = 0;
    std::int64_t curr = 0;
  };

  sliding_counter(std::int64_t limit, std::int64_t window_ns, bool count_denied = false)
      : limit_(limit), window_ns_(window_ns), count_denied_(count_denied) {}
  explicit sliding_counter(const limiter_params& p) : sliding_counter(p.limit, p.window_ns, p.count_denied) {}

  decision decide(state& s, core::time_point now, std::int64_t cost = 1) const noexcept;
  std::int64_t limit() const noexcept { return limit_; }

 private:
  // Nanoseconds from elapsed e until a request of `cost` fits, given counts prev and curr.
  std::int64_t wait_for(std::int64_t prev, std::int64_t curr, std::int64_t e, std::int64_t cost) const noexcept;

  std::int64_t limit_;
  std::int64_t window_ns_;
  bool count_denied_;
};

}  // namespace portico::gateway
