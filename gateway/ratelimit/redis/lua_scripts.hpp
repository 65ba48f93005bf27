#pragma once
// Lua scripts running the rate-limit algorithms atomically inside Redis, with exactly the
// semantics of the local classes (fixed_window.hpp, sliding_log.hpp, sliding_counter.hpp,
// gcra.hpp, discrete_bucket.hpp; the same late-reader clamps too). Every script takes
//   KEYS[1] = the state key, ARGV[1] = now (integer time units), ARGV[2] = cost, then parameters,
// and returns {allowed (0/1), remaining, reset_after, retry_after, delay} in the same time units.
// Redis Lua numbers are doubles: integers are exact below 2^53, so callers check that times and
// products stay below that (redis_limiter does), and scripts write numbers with "%.0f" (Lua's
// default number formatting keeps only 14 digits).
#include <string_view>

namespace portico::gateway::redis {

extern const std::string_view fixed_window_script;     // ARGV: now_ns cost limit window_ns count_denied
extern const std::string_view sliding_log_script;      // ARGV: now_ns cost limit window_ns
extern const std::string_view sliding_counter_script;  // ARGV: now_ns cost limit window_ns count_denied
extern const std::string_view gcra_script;             // ARGV: now_u cost interval_u capacity shaping delay_after ttl_ms
extern const std::string_view discrete_bucket_script;  // ARGV: now_ns cost capacity fill_tokens fill_every_ns

}  // namespace portico::gateway::redis
