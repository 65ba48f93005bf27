#pragma once
// Fixed window: windows [k*W, (k+1)*W) aligned to the clock's origin; a request of cost c is
// allowed while count + c <= L. Denied requests are not counted unless count_denied (then a client
// that keeps hammering stays locked out for the rest of the window, as its count keeps rising).
// A `now` older than the stored window (a thread that read the clock just before another) is
// treated as belonging to the stored window. Pure: the caller owns and synchronises the state.
#include "core/time/clock.hpp"
#include "gateway/ratelimit/decision.hpp"
#include "gateway/ratelimit/exact_rate.hpp"

#include <cstdint>
#include <limits>

namespace portico::gateway {

class fixed_window {
 public:
  struct state {
    std::int64_t window = std::numeric_limits<std::int64_t>::min();
    std::int64_t count = 0;
  };

  fixed_window(std::int64_t limit, std::int64_t window_ns, bool count_denied = false)
      : limit_(limit), window_ns_(window_ns), count_denied_(count_denied) {}
  explicit fixed_window(const limiter_params& p) : fixed_window(p.limit, p.window_ns, p.count_denied) {}

  decision decide(state& s, core::time_point now, std::int64_t cost = 1) const noexcept;
  std::int64_t limit() const noexcept { return limit_; }

 private:
  std::int64_t limit_;
  std::int64_t window_ns_;
  bool count_denied_;
};

}  // namespace portico::gateway
