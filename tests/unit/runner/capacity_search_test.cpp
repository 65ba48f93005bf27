#include "scenarios/runner/capacity_search.hpp"

#include <gtest/gtest.h>

namespace portico::runner {
namespace {

core::capacity_search_config search_from(double start, double max, double precision = 0.05) {
  core::capacity_search_config config;
  config.enabled = true;
  config.start = core::rate{start};
  config.max = core::rate{max};
  config.precision = precision;
  return config;
}

// A system whose SLO holds up to `capacity` requests/s.
capacity_trial system_with_capacity(double capacity) {
  return [capacity](double rate) {
    core::capacity_point point;
    point.rate = rate;
    point.throughput = std::min(rate, capacity);
    point.passed = rate <= capacity;
    return point;
  };
}

TEST(CapacitySearch, FindsTheKneeWithinPrecision) {
  auto result = search_capacity(search_from(100, 100000, 0.02), system_with_capacity(3700));
  EXPECT_LE(result.knee_rate, 3700);
  EXPECT_GE(result.knee_rate, 3700 / 1.02);
  // Ramp 100..6400 is seven trials; bisecting 3200..6400 to 2 % needs about six more.
  EXPECT_LE(result.points.size(), 14u);
}

TEST(CapacitySearch, RampsByDoublingBeforeBisecting) {
  auto result = search_from(100, 100000);
  auto found = search_capacity(result, system_with_capacity(1000));
  ASSERT_GE(found.points.size(), 5u);
  EXPECT_DOUBLE_EQ(found.points[0].rate, 100);
  EXPECT_DOUBLE_EQ(found.points[1].rate, 200);
  EXPECT_DOUBLE_EQ(found.points[2].rate, 400);
  EXPECT_DOUBLE_EQ(found.points[3].rate, 800);
  EXPECT_DOUBLE_EQ(found.points[4].rate, 1600);
  EXPECT_FALSE(found.points[4].passed);
}

TEST(CapacitySearch, ReportsZeroWhenEvenTheStartRateFails) {
  auto result = search_capacity(search_from(500, 10000), system_with_capacity(100));
  EXPECT_EQ(result.knee_rate, 0);
  EXPECT_EQ(result.points.size(), 1u);
}

TEST(CapacitySearch, StopsAtTheCeilingWhenEverythingPasses) {
  auto result = search_capacity(search_from(100, 1000), system_with_capacity(1e9));
  EXPECT_DOUBLE_EQ(result.knee_rate, 1000);
  EXPECT_DOUBLE_EQ(result.points.back().rate, 1000);
}

TEST(CapacitySearch, KeepsTheSloTextsForTheReport) {
  auto config = search_from(100, 200);
  core::threshold_config slo;
  slo.text = "p99 < 50ms";
  config.slo.push_back(slo);
  auto result = search_capacity(config, system_with_capacity(1e9));
  ASSERT_EQ(result.slo.size(), 1u);
  EXPECT_EQ(result.slo[0], "p99 < 50ms");
}

}  // namespace
}  // namespace portico::runner
