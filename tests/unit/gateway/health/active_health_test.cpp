#include "gateway/health/active_health.hpp"

#include "core/time/clock.hpp"
#include "gateway/lb/load_balancer.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
using transition = active_health_checker::transition;

core::health_check_config config(int healthy, int unhealthy) {
  core::health_check_config c;
  c.enabled = true;
  c.interval = 1s;
  c.timeout = 200ms;
  c.healthy_threshold = healthy;
  c.unhealthy_threshold = unhealthy;
  return c;
}

TEST(ActiveHealth, GoesDownAfterUnhealthyThresholdConsecutiveFailures) {
  for (int threshold : {1, 2, 5}) {
    core::manual_clock clock;
    host_set hs({{"a", 1}, {"b", 1}});
    active_health_checker hc(config(2, threshold), hs, clock.now());
    for (int i = 1; i < threshold; ++i) {
      EXPECT_EQ(hc.on_probe_result(0, false, clock.now()), transition::none);
      clock.advance(1s);
    }
    EXPECT_TRUE(hs.healthy(0));
    EXPECT_EQ(hc.on_probe_result(0, false, clock.now()), transition::became_unhealthy) << threshold;
    EXPECT_FALSE(hs.healthy(0));
    EXPECT_TRUE(hs.healthy(1));
    EXPECT_EQ(hc.counters().became_unhealthy, 1u);
  }
}

TEST(ActiveHealth, ASuccessResetsTheFailureStreak) {
  core::manual_clock clock;
  host_set hs({{"a", 1}});
  active_health_checker hc(config(2, 3), hs, clock.now());
  for (bool ok : {false, false, true, false, false}) hc.on_probe_result(0, ok, clock.now());
  EXPECT_TRUE(hs.healthy(0));
  hc.on_probe_result(0, false, clock.now());
  EXPECT_FALSE(hs.healthy(0));
}

TEST(ActiveHealth, ComesBackAfterHealthyThresholdConsecutiveSuccesses) {
  core::manual_clock clock;
  host_set hs({{"a", 1}});
  active_health_checker hc(config(3, 1), hs, clock.now());
  hc.on_probe_result(0, false, clock.now());
  ASSERT_FALSE(hs.healthy(0));
  EXPECT_EQ(hc.on_probe_result(0, true, clock.now()), transition::none);
  EXPECT_EQ(hc.on_probe_result(0, true, clock.now()), transition::none);
  EXPECT_EQ(hc.on_probe_result(0, false, clock.now()), transition::none);  // streak broken
  EXPECT_EQ(hc.on_probe_result(0, true, clock.now()), transition::none);
  EXPECT_EQ(hc.on_probe_result(0, true, clock.now()), transition::none);
  EXPECT_EQ(hc.on_probe_result(0, true, clock.now()), transition::became_healthy);
  EXPECT_TRUE(hs.healthy(0));
  EXPECT_EQ(hc.counters().probes, 7u);
  EXPECT_EQ(hc.counters().probe_failures, 2u);
}

TEST(ActiveHealth, CountsPerHostAndInTotal) {
  core::manual_clock clock;
  host_set hs({{"a", 1}, {"b", 1}});
  active_health_checker hc(config(1, 2), hs, clock.now());
  for (bool ok : {false, false, true}) hc.on_probe_result(1, ok, clock.now());
  hc.on_probe_result(0, true, clock.now());
  const auto& b = hc.host_counters(1);
  EXPECT_EQ(b.probes, 3u);
  EXPECT_EQ(b.probe_failures, 2u);
  EXPECT_EQ(b.became_unhealthy, 1u);
  EXPECT_EQ(b.became_healthy, 1u);
  EXPECT_EQ(hc.host_counters(0).probes, 1u);
  EXPECT_EQ(hc.host_counters(0).probe_failures, 0u);
  EXPECT_EQ(hc.counters().probes, 4u);
  EXPECT_EQ(hc.counters().became_unhealthy, 1u);
}

TEST(ActiveHealth, SchedulesProbesOneIntervalAfterEachResult) {
  core::manual_clock clock(core::time_point{10s});
  host_set hs({{"a", 1}, {"b", 1}});
  active_health_checker hc(config(1, 1), hs, clock.now());
  EXPECT_EQ(hc.next_probe_time(0), clock.now());
  EXPECT_EQ(hc.next_due(), clock.now());
  EXPECT_EQ(hc.probe_deadline(clock.now()), clock.now() + 200ms);
  clock.advance(150ms);  // probe of host 0 answered after 150 ms
  hc.on_probe_result(0, true, clock.now());
  EXPECT_EQ(hc.next_probe_time(0), core::time_point{10s + 1150ms});
  EXPECT_EQ(hc.next_due(), core::time_point{10s});  // host 1 is still due
  hc.on_probe_result(1, true, clock.now());
  EXPECT_EQ(hc.next_due(), core::time_point{10s + 1150ms});
}

TEST(ActiveHealth, LoadBalancersStopSendingToAHostItMarksDown) {
  core::manual_clock clock;
  host_set hs({{"a", 1}, {"b", 1}, {"c", 1}});
  active_health_checker hc(config(1, 2), hs, clock.now());
  auto lb = make_load_balancer(core::lb_algorithm::round_robin, hs);
  hc.on_probe_result(1, false, clock.now());
  hc.on_probe_result(1, false, clock.now());
  for (int i = 0; i < 30; ++i) EXPECT_NE(*lb->choose({}), 1u);
  hc.on_probe_result(1, true, clock.now());
  bool chosen = false;
  for (int i = 0; i < 3; ++i) chosen = chosen || *lb->choose({}) == 1u;
  EXPECT_TRUE(chosen);
}

}  // namespace
}  // namespace portico::gateway
