#pragma once
// Global rate limiting: the same algorithms as the local limiter, run as atomic Lua scripts in a
// Redis server shared by several gateway instances (EVALSHA, falling back to EVAL on NOSCRIPT).
//
// Time: each instance passes its own clock's `now` (integer ns since the clock's epoch), so tests
// can drive Redis on a manual clock and the decisions equal the local ones exactly. Instances
// must therefore share a clock: the steady clock of one host (CLOCK_MONOTONIC), or a synchronised
// clock with a common epoch. Lua numbers are doubles, so `now` (times the GCRA scale) must stay
// below 2^53 units (104 days of uptime in ns at scale 1); beyond that decisions are store errors.
//
// When Redis is unreachable or slow (client_options timeouts) the decision follows fail_open:
// allowed, or denied with retry_after = 1 s; either way store_error is set, counters.store_errors
// rises, and a line is logged (at most one per second, plus one when Redis answers again).
// Lifetime: destroy the limiter only once its client's executor runs no more of its handlers.
#include "gateway/ratelimit/rate_limiter.hpp"
#include "gateway/ratelimit/redis/redis_client.hpp"

#include <atomic>
#include <memory>
#include <string>

namespace portico::gateway {

class redis_rate_limiter final : public rate_limiter {
 public:
  // `name` separates limiters sharing one Redis (e.g. "public/users"); keys are
  // "portico:rl:<name>:<key>". Throws std::invalid_argument for parameters that Lua cannot
  // compute exactly (products at or above 2^53).
  redis_rate_limiter(const core::rate_limit_config& config, const core::clock& clock,
                     std::shared_ptr<redis::client> client, std::string name);

  void async_decide(std::string_view key, std::int64_t cost, decision_handler done) override;
  limiter_counts counters() const override { return counters_.snapshot(); }
  const limiter_params& params() const noexcept override { return params_; }

 private:
  struct script {
    std::string_view text;
    std::string sha1;
  };
  void run(std::vector<std::string> args, bool by_sha, decision_handler done, std::int64_t scale);
  decision failed(const std::string& why);

  limiter_params params_;
  bool fail_open_;
  const core::clock& clock_;
  std::shared_ptr<redis::client> client_;
  std::string prefix_;
  script script_;
  std::vector<std::string> fixed_args_;  // parameters after now and cost
  std::int64_t scale_ = 1;               // GCRA time units per ns
  std::int64_t max_now_ = 0;             // largest now (ns) that keeps Lua exact
  limiter_counters counters_;
  std::atomic<std::int64_t> last_log_ns_{-1'000'000'000'000};
  std::atomic<bool> failing_{false};
};

}  // namespace portico::gateway
