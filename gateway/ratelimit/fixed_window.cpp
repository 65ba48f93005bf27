#include "gateway/ratelimit/fixed_window.hpp"

#include <algorithm>

namespace portico::gateway {

decision fixed_window::decide(state& s, core::time_point now, std::int64_t cost) const noexcept {
  const std::int64_t t = now.since_epoch.count();
  const std::int64_t k = floor_div(t, window_ns_);
  if (k > s.window) {
    s.window = k;
    s.count = 0;
  }
  const std::int64_t end = (s.window + 1) * window_ns_;
  decision d;
  d.limit = limit_;
  d.allowed = cost <= limit_ - s.count;
  // Saturate so that a flood of counted denials can never overflow.
  if (d.allowed || count_denied_) s.count = std::min(s.count + cost, std::int64_t{1} << 62);
  d.remaining = std::max<std::int64_t>(0, limit_ - s.count);
  d.reset_after = std::chrono::nanoseconds{s.count > 0 ? end - t : 0};
  // The next window is the earliest chance; a cost above the limit never fits (callers see the
  // window end, as with any other denial).
  if (!d.allowed) d.retry_after = std::chrono::nanoseconds{end - t};
  return d;
}

}  // namespace portico::gateway
