#include "gateway/ratelimit/sliding_log.hpp"

#include <algorithm>

namespace portico::gateway {

decision sliding_log::decide(state& s, core::time_point now, std::int64_t cost) const {
  const auto cap = static_cast<std::size_t>(limit_);
  auto at = [&](std::size_t i) -> std::int64_t& { return s.ring[(s.head + i) % cap]; };
  std::int64_t t = now.since_epoch.count();
  if (s.size > 0) t = std::max(t, at(s.size - 1));  // a late reader joins the newest time
  while (s.size > 0 && at(0) <= t - window_ns_) {
    s.head = (s.head + 1) % cap;
    --s.size;
  }
  decision d;
  d.limit = limit_;
  const auto in_window = static_cast<std::int64_t>(s.size);
  d.allowed = cost <= limit_ - in_window;
  if (d.allowed) {
    if (s.ring.size() != cap) s.ring.assign(cap, 0);
    for (std::int64_t i = 0; i < cost; ++i) {
      at(s.size) = t;
      ++s.size;
    }
  } else {
    // The oldest entries must leave until cost fits: entry number size - (L - cost) (0-based
    // index size - L + cost - 1) is the last one that has to go.
    // A cost above L never fits; such callers are told to wait one window.
    const std::int64_t must_leave = in_window - (limit_ - cost);
    d.retry_after = std::chrono::nanoseconds{
        cost <= limit_ ? at(static_cast<std::size_t>(must_leave - 1)) + window_ns_ - t : window_ns_};
  }
  d.remaining = limit_ - static_cast<std::int64_t>(s.size);
  d.reset_after = std::chrono::nanoseconds{s.size > 0 ? at(s.size - 1) + window_ns_ - t : 0};
  return d;
}

}  // namespace portico::gateway
