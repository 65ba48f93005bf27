#include "gateway/resilience/retry.hpp"

#include <algorithm>
#include <cmath>

namespace portico::gateway {

bool is_idempotent(std::string_view method) noexcept {
  // RFC 9110 §9.2.2; method names are case-sensitive.
  return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "TRACE" || method == "PUT" ||
         method == "DELETE";
}

retry_policy::retry_policy(const core::retry_config& config) : config_(config) {}

bool retry_policy::retryable(std::string_view method, upstream_outcome outcome, int attempt) const noexcept {
  if (attempt > config_.attempts) return false;
  using kind = upstream_outcome::kind;
  switch (outcome.what) {
    case kind::connect_failure: return true;  // nothing was sent: safe for any method
    case kind::reset:
    case kind::timeout: return is_idempotent(method);
    case kind::response:
      return is_idempotent(method) &&
             std::find(config_.on_status.begin(), config_.on_status.end(), outcome.status) != config_.on_status.end();
  }
  return false;
}

core::nanos retry_policy::backoff(int retry, std::uint64_t random) const noexcept {
  const auto base = std::max<std::int64_t>(0, config_.backoff_base.count());
  const auto cap = std::max<std::int64_t>(0, config_.backoff_max.count());
  // base x 2^(retry-1), saturating instead of overflowing for large retry numbers.
  std::int64_t ceiling = base;
  for (int i = 1; i < retry && ceiling < cap; ++i) ceiling = ceiling > cap / 2 ? cap : ceiling * 2;
  ceiling = std::min(ceiling, cap);
  if (ceiling <= 0) return core::nanos{0};
  __extension__ using u128 = unsigned __int128;
  return core::nanos{static_cast<std::int64_t>((static_cast<u128>(random) * static_cast<std::uint64_t>(ceiling)) >> 64)};
}

void retry_budget::on_request_start() noexcept {
  active_.fetch_add(1, std::memory_order_relaxed);
  requests_.fetch_add(1, std::memory_order_relaxed);
}

bool retry_budget::try_acquire_retry() noexcept {
  auto in_flight = retries_in_flight_.load(std::memory_order_relaxed);
  for (;;) {
    const auto allowed = std::max<std::int64_t>(
        min_concurrent_, static_cast<std::int64_t>(budget_ * static_cast<double>(active_.load(std::memory_order_relaxed))));
    if (in_flight >= allowed) {
      budget_exhausted_.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    if (retries_in_flight_.compare_exchange_weak(in_flight, in_flight + 1, std::memory_order_relaxed)) {
      retries_.fetch_add(1, std::memory_order_relaxed);
      return true;
    }
  }
}

retry_counters retry_budget::counters() const noexcept {
  return {requests_.load(std::memory_order_relaxed), retries_.load(std::memory_order_relaxed),
          budget_exhausted_.load(std::memory_order_relaxed)};
}

retry_decision decide_retry(const retry_policy& policy, retry_budget& budget, std::string_view method,
                            upstream_outcome outcome, int attempt) noexcept {
  if (!policy.retryable(method, outcome, attempt)) return retry_decision::not_retryable;
  return budget.try_acquire_retry() ? retry_decision::retry : retry_decision::budget_exhausted;
}

}  // namespace portico::gateway
