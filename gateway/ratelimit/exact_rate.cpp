#include "gateway/ratelimit/exact_rate.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>

namespace portico::gateway {

exact_rate to_exact_rate(const core::rate& r) {
  if (!(r.per_second > 0)) throw std::invalid_argument("rate must be positive");
  // The scenario format writes rates per s, m, h (or ms); the double it parses into holds them
  // exactly once multiplied back by the unit it was written in.
  static constexpr std::int64_t seconds[] = {1, 60, 3600, 86400};
  for (std::int64_t s : seconds) {
    const double n = r.per_second * static_cast<double>(s);
    const double rounded = std::round(n);
    if (rounded >= 1 && std::fabs(n - rounded) <= 1e-9 * rounded && rounded < 9e15) {
      exact_rate out{static_cast<std::int64_t>(rounded), s * 1'000'000'000};
      const std::int64_t g = std::gcd(out.count, out.period_ns);
      return {out.count / g, out.period_ns / g};
    }
  }
  throw std::invalid_argument("rate has no exact form per second, minute, hour or day");
}

limiter_params make_params(const core::rate_limit_config& c) {
  using algo = core::rate_limit_config::algorithm;
  limiter_params p;
  p.algo = c.algo;
  p.count_denied = c.count_denied;
  p.window_ns = c.window.count();
  if (p.window_ns <= 0) throw std::invalid_argument("window must be positive");
  if (c.algo == algo::fixed_window || c.algo == algo::sliding_window) {
    if (c.limit > 0) {
      p.limit = c.limit;
    } else {
      const exact_rate r = to_exact_rate(c.limit_rate);
      p.limit = static_cast<std::int64_t>(static_cast<int128>(r.count) * p.window_ns / r.period_ns);
    }
    if (p.limit < 1) throw std::invalid_argument("rate * window is below one request");
    return p;
  }
  if (c.algo == algo::token_bucket && c.refill == core::rate_limit_config::bucket_refill::discrete) {
    if (c.fill_tokens <= 0 || c.fill_every.count() <= 0) throw std::invalid_argument("discrete refill needs fill_tokens and fill_every");
    p.fill_tokens = c.fill_tokens;
    p.fill_every_ns = c.fill_every.count();
    p.capacity = c.burst > 0 ? c.burst : c.fill_tokens;
    p.rate = {c.fill_tokens, c.fill_every.count()};
    return p;
  }
  if (c.limit_rate.per_second > 0) {
    p.rate = to_exact_rate(c.limit_rate);
  } else if (c.limit > 0) {
    const std::int64_t g = std::gcd(c.limit, p.window_ns);
    p.rate = {c.limit / g, p.window_ns / g};
  } else {
    throw std::invalid_argument("needs rate or limit");
  }
  if (c.algo == algo::token_bucket) {
    p.capacity = c.burst > 0 ? c.burst : 1;
  } else {  // leaky bucket, nginx limit_req: burst excess requests on top of the one in service
    p.capacity = c.burst + 1;
    const bool queue = c.leaky == core::rate_limit_config::leaky_variant::queue;
    p.shaping = queue && !c.nodelay;
    p.delay_after = p.shaping ? c.delay_after : 0;
  }
  return p;
}

const char* to_string(core::rate_limit_config::algorithm a) noexcept {
  using algo = core::rate_limit_config::algorithm;
  switch (a) {
    case algo::fixed_window: return "fixed_window";
    case algo::sliding_window: return "sliding_window";
    case algo::token_bucket: return "token_bucket";
    case algo::leaky_bucket: return "leaky_bucket";
  }
  return "unknown";
}

std::string describe(const limiter_params& p) {
  using algo = core::rate_limit_config::algorithm;
  switch (p.algo) {
    case algo::fixed_window:
    case algo::sliding_window:
      return std::to_string(p.limit) + " per " + std::to_string(p.window_ns) + "ns";
    case algo::token_bucket:
    case algo::leaky_bucket:
      break;
  }
  return std::to_string(p.rate.count) + " per " + std::to_string(p.rate.period_ns) + "ns, capacity " +
         std::to_string(p.capacity);
}

}  // namespace portico::gateway
