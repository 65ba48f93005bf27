#include "gateway/ratelimit/gcra.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace portico::gateway {

gcra::gcra(const gcra_config& c)
    : capacity_(c.capacity), shaping_(c.shaping), delay_after_(c.delay_after), origin_ns_(c.origin_ns) {
  if (c.rate.count <= 0 || c.rate.period_ns <= 0) throw std::invalid_argument("gcra: rate must be positive");
  if (c.capacity <= 0) throw std::invalid_argument("gcra: capacity must be positive");
  const std::int64_t g = std::gcd(c.rate.period_ns, c.rate.count);
  scale_ = c.rate.count / g;
  interval_ = c.rate.period_ns / g;  // period * scale / count
}

gcra::gcra(const limiter_params& p, std::int64_t origin_ns)
    : gcra(gcra_config{p.rate, p.capacity, p.shaping, p.delay_after, origin_ns}) {}

std::int64_t gcra::decide(std::int64_t tat, core::time_point now, std::int64_t cost, decision& d) const noexcept {
  const int128 s = scale_;
  const int128 now_u = static_cast<int128>(now.since_epoch.count() - origin_ns_) * s;
  const int128 base = tat == std::numeric_limits<std::int64_t>::min() ? now_u : std::max<int128>(tat, now_u);
  const int128 t = interval_;
  const int128 full = t * capacity_;
  const int128 new_tat = base + t * cost;
  d = decision{};
  d.limit = capacity_;
  d.allowed = new_tat - now_u <= full;
  const int128 after = d.allowed ? new_tat : base;
  d.remaining = static_cast<std::int64_t>(div_fast(full - (after - now_u), t));  // after - now_u <= full
  d.reset_after = std::chrono::nanoseconds{static_cast<std::int64_t>(ceil_div(after - now_u, s))};
  if (!d.allowed) {
    // Until enough tokens have dripped in; a cost above capacity never fits (wait for a full bucket).
    const int128 wait = cost <= capacity_ ? new_tat - now_u - full : after - now_u;
    d.retry_after = std::chrono::nanoseconds{static_cast<std::int64_t>(ceil_div(wait, s))};
    return tat;
  }
  if (shaping_) {
    const int128 hold = base - now_u - t * delay_after_;
    if (hold > 0) d.delay = std::chrono::nanoseconds{static_cast<std::int64_t>(ceil_div(hold, s))};
  }
  return static_cast<std::int64_t>(new_tat);
}

decision gcra::decide(state& st, core::time_point now, std::int64_t cost) const noexcept {
  decision d;
  st.tat = decide(st.tat, now, cost, d);
  return d;
}

}  // namespace portico::gateway
