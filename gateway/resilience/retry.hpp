#pragma once
// Retries: which attempts may be retried (retry_policy, immutable per route), how long to wait
// (exponential backoff with full jitter) and how many retries may be in flight (retry_budget,
// shared per route across threads). Proxy flow for one request:
//   budget.on_request_start();                              // once per client request
//   for (attempt = 1;; ++attempt) {
//     outcome = forward(...);
//     d = decide_retry(policy, budget, method, outcome, attempt);
//     if (d != retry_decision::retry) break;                // answer with the last outcome
//     wait(policy.backoff(attempt, rng.next()));  forward again (choose() a host again);
//     budget.release_retry() when that retry attempt ends;
//   }
//   budget.on_request_end();
// Retry rules: connect failures are retried for ANY method (the request never left); responses
// with a status in retry_config::on_status, resets and timeouts only for idempotent methods
// (RFC 9110 §9.2.2: GET HEAD OPTIONS TRACE PUT DELETE), since the upstream may have acted.
#include "core/config/gateway_config.hpp"
#include "core/time/clock.hpp"
#include "gateway/resilience/upstream_outcome.hpp"

#include <atomic>
#include <cstdint>
#include <string_view>
#include <vector>

namespace portico::gateway {

bool is_idempotent(std::string_view method) noexcept;

// Immutable after construction; share across threads.
class retry_policy {
 public:
  explicit retry_policy(const core::retry_config& config);

  int max_retries() const noexcept { return config_.attempts; }
  // Whether `outcome` of attempt number `attempt` (1 = the first try) may be followed by another
  // attempt, ignoring the budget: attempt <= max_retries() and the method/outcome rules above.
  bool retryable(std::string_view method, upstream_outcome outcome, int attempt) const noexcept;
  // Delay before retry number `retry` (1-based): uniform in [0, min(backoff_max,
  // backoff_base x 2^(retry-1))) from a uniform 64-bit `random` ("full jitter").
  core::nanos backoff(int retry, std::uint64_t random) const noexcept;
  const core::retry_config& config() const noexcept { return config_; }

 private:
  core::retry_config config_;
};

struct retry_counters {
  std::uint64_t requests = 0;          // on_request_start calls
  std::uint64_t retries = 0;           // retries admitted by the budget
  std::uint64_t budget_exhausted = 0;  // retries refused by the budget
};

// Retries in flight <= max(min_concurrent, budget x active requests). Lock-free; shared by all
// proxy threads of a route (or upstream).
class retry_budget {
 public:
  explicit retry_budget(double budget = 0.2, std::int64_t min_concurrent = 3) noexcept
      : budget_(budget), min_concurrent_(min_concurrent) {}

  void on_request_start() noexcept;
  void on_request_end() noexcept { active_.fetch_sub(1, std::memory_order_relaxed); }
  // True: a retry may start now, and release_retry() must be called once when it ends.
  bool try_acquire_retry() noexcept;
  void release_retry() noexcept { retries_in_flight_.fetch_sub(1, std::memory_order_relaxed); }

  std::int64_t active() const noexcept { return active_.load(std::memory_order_relaxed); }
  std::int64_t retries_in_flight() const noexcept { return retries_in_flight_.load(std::memory_order_relaxed); }
  retry_counters counters() const noexcept;

 private:
  double budget_;
  std::int64_t min_concurrent_;
  std::atomic<std::int64_t> active_{0};
  std::atomic<std::int64_t> retries_in_flight_{0};
  std::atomic<std::uint64_t> requests_{0}, retries_{0}, budget_exhausted_{0};
};

enum class retry_decision { retry, not_retryable, budget_exhausted };

// retryable() and then the budget; on `retry` a retry slot has been acquired.
retry_decision decide_retry(const retry_policy& policy, retry_budget& budget, std::string_view method,
                            upstream_outcome outcome, int attempt) noexcept;

}  // namespace portico::gateway
