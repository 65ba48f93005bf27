#include "gateway/resilience/retry.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
using kind = upstream_outcome::kind;

core::retry_config config(int attempts) {
  core::retry_config c;
  c.attempts = attempts;
  c.backoff_base = 25ms;
  c.backoff_max = 250ms;
  c.on_status = {502, 503, 504};
  return c;
}

TEST(Retry, KnowsTheIdempotentMethodsOfRfc9110) {
  for (const char* m : {"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"}) EXPECT_TRUE(is_idempotent(m)) << m;
  for (const char* m : {"POST", "PATCH", "CONNECT", "get", ""}) EXPECT_FALSE(is_idempotent(m)) << m;
}

TEST(Retry, RetriesOnlyWhatIsSafeAndConfigured) {
  const retry_policy p(config(2));
  struct row {
    const char* method;
    upstream_outcome outcome;
    int attempt;
    bool expected;
  };
  const std::vector<row> rows = {
      {"GET", upstream_outcome::ok(503), 1, true},
      {"GET", upstream_outcome::ok(503), 2, true},
      {"GET", upstream_outcome::ok(503), 3, false},  // attempts: 2 extra tries
      {"GET", upstream_outcome::ok(500), 1, false},  // not in on_status
      {"GET", upstream_outcome::ok(200), 1, false},
      {"GET", upstream_outcome::of(kind::reset), 1, true},
      {"GET", upstream_outcome::of(kind::timeout), 1, true},
      {"POST", upstream_outcome::ok(503), 1, false},
      {"POST", upstream_outcome::of(kind::reset), 1, false},
      {"POST", upstream_outcome::of(kind::timeout), 1, false},
      {"POST", upstream_outcome::of(kind::connect_failure), 1, true},  // never sent
      {"PATCH", upstream_outcome::of(kind::connect_failure), 3, false},
      {"DELETE", upstream_outcome::ok(502), 1, true},
  };
  for (const auto& r : rows)
    EXPECT_EQ(p.retryable(r.method, r.outcome, r.attempt), r.expected)
        << r.method << " kind " << int(r.outcome.what) << " status " << r.outcome.status << " attempt " << r.attempt;
  EXPECT_FALSE(retry_policy(config(0)).retryable("GET", upstream_outcome::of(kind::connect_failure), 1));
}

TEST(Retry, BackoffIsFullJitterUnderAnExponentialCap) {
  const retry_policy p(config(10));
  const auto max_random = ~std::uint64_t{0};
  EXPECT_EQ(p.backoff(1, 0), 0ns);
  const std::vector<std::chrono::nanoseconds> caps = {25ms, 50ms, 100ms, 200ms, 250ms, 250ms, 250ms};
  for (std::size_t i = 0; i < caps.size(); ++i) {
    const auto top = p.backoff(static_cast<int>(i) + 1, max_random);
    EXPECT_LT(top, caps[i]) << i;
    EXPECT_GT(top, caps[i] - 1us) << i;
    EXPECT_NEAR(p.backoff(static_cast<int>(i) + 1, max_random / 2).count(), caps[i].count() / 2.0, 1.0) << i;
  }
  EXPECT_LT(p.backoff(1000, max_random), 250ms);  // no overflow for absurd retry numbers
}

TEST(RetryBudget, AllowsTheMinimumEvenWithFewActiveRequests) {
  retry_budget b(0.2, 3);
  b.on_request_start();
  EXPECT_TRUE(b.try_acquire_retry());
  EXPECT_TRUE(b.try_acquire_retry());
  EXPECT_TRUE(b.try_acquire_retry());
  EXPECT_FALSE(b.try_acquire_retry());
  b.release_retry();
  EXPECT_TRUE(b.try_acquire_retry());
  EXPECT_EQ(b.counters().retries, 4u);
  EXPECT_EQ(b.counters().budget_exhausted, 1u);
}

TEST(RetryBudget, ScalesWithActiveRequests) {
  retry_budget b(0.2, 3);
  for (int i = 0; i < 100; ++i) b.on_request_start();
  int admitted = 0;
  while (b.try_acquire_retry()) ++admitted;
  EXPECT_EQ(admitted, 20);
  EXPECT_EQ(b.retries_in_flight(), 20);
  for (int i = 0; i < 50; ++i) b.on_request_end();
  for (int i = 0; i < 20; ++i) b.release_retry();
  admitted = 0;
  while (b.try_acquire_retry()) ++admitted;
  EXPECT_EQ(admitted, 10);
}

TEST(RetryBudget, DecideRetryChecksThePolicyBeforeSpendingBudget) {
  const retry_policy p(config(1));
  retry_budget b(0.0, 1);
  b.on_request_start();
  EXPECT_EQ(decide_retry(p, b, "POST", upstream_outcome::ok(503), 1), retry_decision::not_retryable);
  EXPECT_EQ(b.retries_in_flight(), 0);
  EXPECT_EQ(decide_retry(p, b, "GET", upstream_outcome::ok(503), 1), retry_decision::retry);
  EXPECT_EQ(decide_retry(p, b, "GET", upstream_outcome::ok(503), 1), retry_decision::budget_exhausted);
  EXPECT_EQ(decide_retry(p, b, "GET", upstream_outcome::ok(503), 2), retry_decision::not_retryable);
}

}  // namespace
}  // namespace portico::gateway
