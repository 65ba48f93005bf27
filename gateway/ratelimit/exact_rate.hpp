#pragma once
// Exact arithmetic for limiter parameters. A configured rate (a double such as 500/s or 30000/m)
// becomes a rational `count` per `period_ns`; windows and buckets derive integer limits from it.
// Every algorithm then works in integers (nanoseconds, or 1/scale nanoseconds for GCRA), so the
// equality cases ("exactly L requests", "exactly one token refilled") never depend on rounding.
#include "core/config/policy_config.hpp"

#include <cstdint>
#include <string>

namespace portico::gateway {

__extension__ typedef __int128 int128;  // exact intermediate products (GCC/Clang)

struct exact_rate {
  std::int64_t count = 0;      // requests ...
  std::int64_t period_ns = 0;  // ... per this many nanoseconds (reduced fraction)
};

// 500/s -> {500, 1e9}; 0.5/s -> {30, 60e9}; 1/m -> {1, 60e9}. Throws std::invalid_argument if the
// rate is not positive or has no exact form with a period of a second, minute, hour or day.
exact_rate to_exact_rate(const core::rate& r);

// Floor division for possibly negative numerators (manual clocks may start anywhere).
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
// a / b (truncating, as int128 division). Non-negative operands that fit in 64 bits (nearly always: intermediate products
// need 128 bits, quotients rarely) take one 64-bit divide instead of the 128-bit library call,
// which was a third of a token-bucket decision.
constexpr int128 div_fast(int128 a, int128 b) noexcept {
  constexpr int128 max64 = static_cast<int128>(UINT64_MAX);
  if (a >= 0 && b > 0 && a <= max64 && b <= max64) return static_cast<std::uint64_t>(a) / static_cast<std::uint64_t>(b);
  return a / b;
}
constexpr int128 ceil_div(int128 a, int128 b) noexcept { return a <= 0 ? -div_fast(-a, b) : div_fast(a + b - 1, b); }

// The integer parameters of every algorithm, derived once from the config.
struct limiter_params {
  core::rate_limit_config::algorithm algo = core::rate_limit_config::algorithm::token_bucket;
  std::int64_t limit = 0;   // windows: requests per window
  std::int64_t window_ns = 0;
  exact_rate rate;          // buckets: sustained rate
  std::int64_t capacity = 0;  // buckets: token capacity; leaky: burst + 1
  std::int64_t fill_tokens = 0, fill_every_ns = 0;  // discrete token bucket
  std::int64_t delay_after = 0;                     // leaky queue (nginx delay=)
  bool shaping = false;                             // leaky queue without nodelay
  bool count_denied = false;
};

// Throws std::invalid_argument for parameters that have no exact meaning (e.g. 0.5 requests per
// window); the config loader validates the rest.
limiter_params make_params(const core::rate_limit_config& config);

std::string describe(const limiter_params& p);  // "token_bucket 500/1000000000ns cap 50"
const char* to_string(core::rate_limit_config::algorithm a) noexcept;  // as in the scenario: "token_bucket"

}  // namespace portico::gateway
