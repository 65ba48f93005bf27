#include "gateway/ratelimit/discrete_bucket.hpp"

#include <algorithm>

namespace portico::gateway {

decision discrete_bucket::decide(state& s, core::time_point now, std::int64_t cost) const noexcept {
  const std::int64_t t = now.since_epoch.count();
  const std::int64_t k = floor_div(t, fill_every_ns_);
  if (s.period == std::numeric_limits<std::int64_t>::min()) {
    s.period = k;
    s.tokens = capacity_;
  } else if (k > s.period) {
    const int128 filled = static_cast<int128>(k - s.period) * fill_tokens_ + s.tokens;
    s.tokens = static_cast<std::int64_t>(std::min<int128>(capacity_, filled));
    s.period = k;
  }
  decision d;
  d.limit = capacity_;
  d.allowed = s.tokens >= cost;
  if (d.allowed) s.tokens -= cost;
  d.remaining = s.tokens;
  const std::int64_t next_fill = (s.period + 1) * fill_every_ns_ - t;
  auto wait_until = [&](std::int64_t tokens) {
    const int128 fills = ceil_div(static_cast<int128>(tokens) - s.tokens, fill_tokens_);
    return std::chrono::nanoseconds{
        fills <= 0 ? 0 : static_cast<std::int64_t>(next_fill + (fills - 1) * fill_every_ns_)};
  };
  d.reset_after = wait_until(capacity_);
  if (!d.allowed) d.retry_after = wait_until(std::min(cost, capacity_));
  return d;
}

}  // namespace portico::gateway
