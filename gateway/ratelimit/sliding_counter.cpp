#include "gateway/ratelimit/sliding_counter.hpp"

#include <algorithm>

namespace portico::gateway {

std::int64_t sliding_counter::wait_for(std::int64_t prev, std::int64_t curr, std::int64_t e,
                                       std::int64_t cost) const noexcept {
  const int128 w = window_ns_;
  if (cost > limit_) return 2 * window_ns_ - e;  // never fits: wait until everything has aged out
  // In this window: prev * (W - e') <= (L - curr - cost) * W, i.e. e' >= W - floor(R * W / prev).
  const int128 room = static_cast<int128>(limit_) - curr - cost;
  if (room >= 0) {
    if (prev == 0) return 0;
    const int128 e_min = std::max<int128>(e, w - room * w / prev);
    if (e_min < w) return static_cast<std::int64_t>(e_min - e);
  }
  // In the next window curr becomes prev: curr * (W - e'') <= (L - cost) * W.
  const int128 room_next = static_cast<int128>(limit_) - cost;
  const int128 e_next = curr == 0 ? 0 : std::max<int128>(0, w - room_next * w / curr);
  return static_cast<std::int64_t>(w - e + e_next);
}

decision sliding_counter::decide(state& s, core::time_point now, std::int64_t cost) const noexcept {
  std::int64_t t = now.since_epoch.count();
  const std::int64_t k = floor_div(t, window_ns_);
  if (k < s.window) {
    t = s.window * window_ns_;  // a late reader joins the stored window at its start
  } else if (k == s.window + 1 && s.window != std::numeric_limits<std::int64_t>::min()) {
    s.prev = s.curr;
    s.curr = 0;
    s.window = k;
  } else if (k > s.window) {
    s.prev = 0;
    s.curr = 0;
    s.window = k;
  }
  const std::int64_t e = t - s.window * window_ns_;
  const int128 w = window_ns_;
  const int128 weighted_prev = static_cast<int128>(s.prev) * (w - e);
  decision d;
  d.limit = limit_;
  d.allowed = weighted_prev + (static_cast<int128>(s.curr) + cost) * w <= static_cast<int128>(limit_) * w;
  if (d.allowed || count_denied_) s.curr = std::min(s.curr + cost, std::int64_t{1} << 62);
  const int128 room = static_cast<int128>(limit_) * w - weighted_prev - static_cast<int128>(s.curr) * w;
  d.remaining = room <= 0 ? 0 : static_cast<std::int64_t>(div_fast(room, w));
  d.reset_after = std::chrono::nanoseconds{s.curr > 0 ? 2 * window_ns_ - e : (s.prev > 0 ? window_ns_ - e : 0)};
  if (!d.allowed) d.retry_after = std::chrono::nanoseconds{wait_for(s.prev, s.curr, e, cost)};
  return d;
}

}  // namespace portico::gateway
