#include "gateway/resilience/circuit_breaker.hpp"

#include "core/time/clock.hpp"
#include "gateway/resilience/retry.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
using kind = upstream_outcome::kind;

core::circuit_breaker_config config() {
  core::circuit_breaker_config c;
  c.enabled = true;
  c.max_pending = 2;
  c.max_requests = 3;
  c.consecutive_failures = 3;
  c.open_for = 5s;
  c.half_open_probes = 1;
  return c;
}

void fail_once(circuit_breaker& b, core::time_point now) {
  const auto p = b.try_acquire(now);
  ASSERT_TRUE(p.allowed());
  b.on_result(p, upstream_outcome::ok(503), now);
}

TEST(CircuitBreaker, OpensAfterConsecutiveFailuresAndRejectsWhileOpen) {
  core::manual_clock clock;
  circuit_breaker b(config());
  fail_once(b, clock.now());
  fail_once(b, clock.now());
  EXPECT_EQ(b.state(clock.now()), breaker_state::closed);
  fail_once(b, clock.now());
  EXPECT_EQ(b.state(clock.now()), breaker_state::open);
  EXPECT_EQ(b.try_acquire(clock.now()).result, admission::rejected_open);
  clock.advance(5s - 1ns);
  EXPECT_EQ(b.try_acquire(clock.now()).result, admission::rejected_open);
  EXPECT_EQ(b.counters().opened, 1u);
  EXPECT_EQ(b.counters().rejected_open, 2u);
}

TEST(CircuitBreaker, ASuccessResetsTheFailureStreak) {
  core::manual_clock clock;
  circuit_breaker b(config());
  fail_once(b, clock.now());
  fail_once(b, clock.now());
  const auto p = b.try_acquire(clock.now());
  b.on_result(p, upstream_outcome::ok(200), clock.now());
  fail_once(b, clock.now());
  fail_once(b, clock.now());
  EXPECT_EQ(b.state(clock.now()), breaker_state::closed);
}

TEST(CircuitBreaker, HalfOpenAdmitsLimitedProbesAndASuccessCloses) {
  core::manual_clock clock;
  auto c = config();
  c.half_open_probes = 2;
  circuit_breaker b(c);
  for (int i = 0; i < 3; ++i) fail_once(b, clock.now());
  clock.advance(5s);
  EXPECT_EQ(b.state(clock.now()), breaker_state::half_open);
  const auto p1 = b.try_acquire(clock.now());
  const auto p2 = b.try_acquire(clock.now());
  EXPECT_TRUE(p1.allowed() && p1.probe);
  EXPECT_TRUE(p2.allowed() && p2.probe);
  EXPECT_EQ(b.try_acquire(clock.now()).result, admission::rejected_open);  // probes busy
  b.on_result(p1, upstream_outcome::ok(200), clock.now());
  EXPECT_EQ(b.state(clock.now()), breaker_state::closed);
  b.on_result(p2, upstream_outcome::ok(503), clock.now());  // already decided: ignored
  EXPECT_EQ(b.state(clock.now()), breaker_state::closed);
  EXPECT_EQ(b.counters().closed, 1u);
  EXPECT_EQ(b.counters().in_flight, 0);
}

TEST(CircuitBreaker, AFailedProbeReopensForAnotherOpenPeriod) {
  core::manual_clock clock;
  circuit_breaker b(config());
  for (int i = 0; i < 3; ++i) fail_once(b, clock.now());
  clock.advance(5s);
  const auto probe = b.try_acquire(clock.now());
  ASSERT_TRUE(probe.probe);
  clock.advance(1s);
  b.on_result(probe, upstream_outcome::of(kind::timeout), clock.now());
  EXPECT_EQ(b.state(clock.now()), breaker_state::open);
  clock.advance(5s - 1ns);
  EXPECT_EQ(b.state(clock.now()), breaker_state::open);
  clock.advance(1ns);
  EXPECT_EQ(b.state(clock.now()), breaker_state::half_open);
  EXPECT_EQ(b.counters().opened, 2u);
}

TEST(CircuitBreaker, LateResultsFromBeforeOpeningDoNotCount) {
  core::manual_clock clock;
  circuit_breaker b(config());
  const auto early = b.try_acquire(clock.now());
  for (int i = 0; i < 3; ++i) fail_once(b, clock.now());
  clock.advance(5s);
  b.on_result(early, upstream_outcome::ok(200), clock.now());  // not a probe: no effect on state
  EXPECT_EQ(b.state(clock.now()), breaker_state::half_open);
}

TEST(CircuitBreaker, MaxRequestsShedsLoadWithoutOpening) {
  core::manual_clock clock;
  circuit_breaker b(config());
  std::vector<breaker_permit> held;
  for (int i = 0; i < 3; ++i) held.push_back(b.try_acquire(clock.now()));
  EXPECT_EQ(b.try_acquire(clock.now()).result, admission::rejected_max_requests);
  EXPECT_EQ(b.state(clock.now()), breaker_state::closed);
  b.on_result(held.back(), upstream_outcome::ok(200), clock.now());
  EXPECT_TRUE(b.try_acquire(clock.now()).allowed());
  EXPECT_EQ(b.counters().rejected_max_requests, 1u);
}

TEST(CircuitBreaker, MaxPendingLimitsRequestsWaitingForAConnection) {
  circuit_breaker b(config());
  EXPECT_TRUE(b.try_enter_pending());
  EXPECT_TRUE(b.try_enter_pending());
  EXPECT_FALSE(b.try_enter_pending());
  b.leave_pending();
  EXPECT_TRUE(b.try_enter_pending());
  EXPECT_EQ(b.counters().rejected_max_pending, 1u);
  EXPECT_EQ(b.counters().pending, 2);
}

TEST(CircuitBreaker, AllowsEverythingWhenDisabled) {
  core::manual_clock clock;
  auto c = config();
  c.enabled = false;
  circuit_breaker b(c);
  for (int i = 0; i < 10; ++i) fail_once(b, clock.now());
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(b.try_acquire(clock.now()).allowed());
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(b.try_enter_pending());
  EXPECT_EQ(b.state(clock.now()), breaker_state::closed);
}

// Shared across proxy threads: counts stay exact and every permit is returned.
TEST(CircuitBreaker, KeepsExactCountsUnderConcurrentUse) {
  core::manual_clock clock;
  auto c = config();
  c.max_requests = 2;
  c.consecutive_failures = 1000000;
  circuit_breaker b(c);
  retry_budget budget(0.5, 1);
  constexpr int per_thread = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        budget.on_request_start();
        const auto p = b.try_acquire(clock.now());
        if (budget.try_acquire_retry()) budget.release_retry();
        b.on_result(p, (i + t) % 7 ? upstream_outcome::ok(200) : upstream_outcome::ok(503), clock.now());
        budget.on_request_end();
      }
    });
  for (auto& t : threads) t.join();
  const auto k = b.counters();
  EXPECT_EQ(k.allowed + k.rejected_max_requests, 4u * per_thread);
  EXPECT_EQ(k.in_flight, 0);
  EXPECT_EQ(budget.active(), 0);
  EXPECT_EQ(budget.retries_in_flight(), 0);
  EXPECT_EQ(budget.counters().retries + budget.counters().budget_exhausted, 4u * per_thread);
}

}  // namespace
}  // namespace portico::gateway
