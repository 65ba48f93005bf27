#include "gateway/health/outlier_detector.hpp"

#include "core/time/clock.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
using kind = upstream_outcome::kind;

core::outlier_detection_config config(double max_percent = 1.0) {
  core::outlier_detection_config c;
  c.enabled = true;
  c.consecutive_5xx = 3;
  c.consecutive_connect_failures = 2;
  c.base_ejection = 10s;
  c.max_ejection_percent = max_percent;
  return c;
}

std::vector<host_spec> hosts(std::size_t n) {
  std::vector<host_spec> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back({"h" + std::to_string(i), 1});
  return v;
}

TEST(OutlierDetector, EjectsAfterConsecutiveServerFailures) {
  core::manual_clock clock;
  host_set hs(hosts(2));
  outlier_detector od(config(), hs);
  EXPECT_FALSE(od.on_result(0, upstream_outcome::ok(503), clock.now()));
  EXPECT_FALSE(od.on_result(0, upstream_outcome::of(kind::timeout), clock.now()));
  EXPECT_TRUE(od.on_result(0, upstream_outcome::of(kind::reset), clock.now()));
  EXPECT_TRUE(hs.ejected(0));
  EXPECT_FALSE(hs.ejected(1));
  EXPECT_EQ(od.counters().ejections_5xx, 1u);
  EXPECT_EQ(od.counters().currently_ejected, 1u);
}

TEST(OutlierDetector, ASuccessOrA4xxResetsTheStreak) {
  core::manual_clock clock;
  host_set hs(hosts(1));
  outlier_detector od(config(), hs);
  for (auto o : {upstream_outcome::ok(500), upstream_outcome::ok(502), upstream_outcome::ok(404),
                 upstream_outcome::ok(500), upstream_outcome::ok(500), upstream_outcome::ok(200),
                 upstream_outcome::ok(500)})
    EXPECT_FALSE(od.on_result(0, o, clock.now()));
  EXPECT_FALSE(hs.ejected(0));
}

TEST(OutlierDetector, EjectsAfterConsecutiveConnectFailures) {
  core::manual_clock clock;
  host_set hs(hosts(2));
  outlier_detector od(config(), hs);
  EXPECT_FALSE(od.on_result(1, upstream_outcome::of(kind::connect_failure), clock.now()));
  EXPECT_TRUE(od.on_result(1, upstream_outcome::of(kind::connect_failure), clock.now()));
  EXPECT_EQ(od.counters().ejections_connect, 1u);
}

TEST(OutlierDetector, EjectionTimeGrowsWithRepeatEjections) {
  core::manual_clock clock;
  host_set hs(hosts(2));
  outlier_detector od(config(), hs);
  const auto eject = [&] {
    for (int i = 0; i < 2; ++i) od.on_result(0, upstream_outcome::of(kind::connect_failure), clock.now());
  };
  for (int round = 1; round <= 3; ++round) {
    eject();
    ASSERT_TRUE(hs.ejected(0)) << round;
    EXPECT_EQ(od.times_ejected(0), static_cast<std::uint32_t>(round));
    EXPECT_EQ(od.next_unejection(), clock.now() + 10s * round);
    clock.advance(10s * round - 1ms);
    od.refresh(clock.now());
    EXPECT_TRUE(hs.ejected(0)) << round;
    clock.advance(1ms);
    od.refresh(clock.now());
    EXPECT_FALSE(hs.ejected(0)) << round;
  }
  EXPECT_EQ(od.counters().unejections, 3u);
  EXPECT_EQ(od.next_unejection(), std::nullopt);
}

TEST(OutlierDetector, NeverEjectsMoreThanMaxEjectionPercent) {
  struct row {
    std::size_t hosts;
    double percent;
    std::uint64_t max_ejected;
  };
  for (const auto& r : std::vector<row>{{4, 0.5, 2}, {3, 0.5, 1}, {10, 0.1, 1}, {1, 0.5, 0}, {5, 1.0, 5}}) {
    core::manual_clock clock;
    host_set hs(hosts(r.hosts));
    outlier_detector od(config(r.percent), hs);
    for (std::size_t h = 0; h < r.hosts; ++h)
      for (int i = 0; i < 2; ++i) od.on_result(h, upstream_outcome::of(kind::connect_failure), clock.now());
    EXPECT_EQ(od.counters().currently_ejected, r.max_ejected) << r.hosts << " x " << r.percent;
    EXPECT_EQ(od.counters().overflow, r.hosts - r.max_ejected);
  }
}

TEST(OutlierDetector, UnejectionFreesRoomForTheNextOutlier) {
  core::manual_clock clock;
  host_set hs(hosts(2));
  outlier_detector od(config(0.5), hs);
  for (int i = 0; i < 2; ++i) od.on_result(0, upstream_outcome::of(kind::connect_failure), clock.now());
  for (int i = 0; i < 2; ++i) od.on_result(1, upstream_outcome::of(kind::connect_failure), clock.now());
  EXPECT_FALSE(hs.ejected(1));
  clock.advance(10s);
  // on_result refreshes first: host 0 returns, and host 1's next failures can eject it.
  for (int i = 0; i < 2; ++i) od.on_result(1, upstream_outcome::of(kind::connect_failure), clock.now());
  EXPECT_FALSE(hs.ejected(0));
  EXPECT_TRUE(hs.ejected(1));
}

TEST(OutlierDetector, IgnoresLateResultsWhileEjected) {
  core::manual_clock clock;
  host_set hs(hosts(2));
  outlier_detector od(config(), hs);
  for (int i = 0; i < 2; ++i) od.on_result(0, upstream_outcome::of(kind::connect_failure), clock.now());
  ASSERT_TRUE(hs.ejected(0));
  for (int i = 0; i < 5; ++i) od.on_result(0, upstream_outcome::of(kind::connect_failure), clock.now());
  clock.advance(10s);
  od.refresh(clock.now());
  ASSERT_FALSE(hs.ejected(0));
  EXPECT_FALSE(od.on_result(0, upstream_outcome::of(kind::connect_failure), clock.now()));  // a fresh streak
  EXPECT_EQ(od.counters().ejections, 1u);
}

TEST(OutlierDetector, DoesNothingWhenDisabled) {
  core::manual_clock clock;
  host_set hs(hosts(1));
  auto c = config();
  c.enabled = false;
  outlier_detector od(c, hs);
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(od.on_result(0, upstream_outcome::ok(503), clock.now()));
  EXPECT_FALSE(hs.ejected(0));
}

}  // namespace
}  // namespace portico::gateway
