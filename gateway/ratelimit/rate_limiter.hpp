#pragma once
// The limiter a gateway stage calls. One limiter per configured rate_limit (per route), built
// once from config; it owns its per-key state (local) or talks to Redis (global).
//
//   auto limiter = make_rate_limiter(route.rate_limit, clock, redis_executor);   // at start-up
//   std::string key = key_builder(cfg.key).build(view);                        // per request
//   limiter->async_decide(key, 1, [](const decision& d) { ...429 or next, after d.delay... });
//
// Thread-safe: any worker thread may call any method concurrently.
#include "core/config/policy_config.hpp"
#include "core/time/clock.hpp"
#include "gateway/ratelimit/decision.hpp"
#include "gateway/ratelimit/exact_rate.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

namespace portico::gateway {

using decision_handler = std::function<void(const decision&)>;

class rate_limiter {
 public:
  virtual ~rate_limiter() = default;
  // Decides for one request of `cost` (usually 1) under `key`. Local limiters call `done` before
  // returning; global ones call it later from their store's executor (at most once, always once).
  virtual void async_decide(std::string_view key, std::int64_t cost, decision_handler done) = 0;
  virtual limiter_counts counters() const = 0;  // a snapshot; cheap enough for every scrape
  virtual const limiter_params& params() const noexcept = 0;
};

// In-process limiter: decisions are synchronous, exact under concurrency, memory-bounded by
// config.max_keys. The clock must outlive the limiter.
class local_rate_limiter : public rate_limiter {
 public:
  virtual decision decide(std::string_view key, std::int64_t cost = 1) = 0;
  void async_decide(std::string_view key, std::int64_t cost, decision_handler done) override { done(decide(key, cost)); }
  virtual std::size_t keys() = 0;  // keys currently held (<= max_keys)
};

// Throws std::invalid_argument for a config without an exact meaning (see make_params).
std::unique_ptr<local_rate_limiter> make_local_limiter(const core::rate_limit_config& config, const core::clock& clock);

}  // namespace portico::gateway
