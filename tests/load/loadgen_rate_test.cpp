// Rate accuracy of the open model against a fast target: for 10 s at 1000/s and at 10000/s the
// achieved send rate and the completion rate are within 1 % of the intended rate.
#include "core/time/clock.hpp"
#include "loadgen/driver.hpp"
#include "tests/support/stalling_http_server.hpp"

#include <gtest/gtest.h>

namespace portico::loadgen {
namespace {

using namespace std::chrono_literals;

class LoadgenRate : public ::testing::TestWithParam<double> {};

TEST_P(LoadgenRate, AchievesTheIntendedRateWithinOnePercent) {
  const double rate = GetParam();
  testing::stalling_http_server server;
  core::load_config load;
  load.type = core::load_config::model::open;
  load.target = "http://127.0.0.1:" + std::to_string(server.port()) + "/";
  load.connections = 32;
  load.schedule.push_back({core::schedule_stage::kind::constant, {rate}, 10s});
  core::phases_config phases{.warmup = 0s, .measure = 10s, .drain = 2s};
  const auto r = run(load, phases, 1, core::steady_clock_source::instance());
  const auto& m = r.measure;
  EXPECT_NEAR(m.intended_rate, rate, rate * 1e-9);
  EXPECT_NEAR(m.achieved_rate, rate, rate * 0.01);
  EXPECT_NEAR(m.throughput, rate, rate * 0.01);
  EXPECT_EQ(m.overall.counts.errors, 0u);
  RecordProperty("late_sends", static_cast<int>(m.late_sends));
  std::printf("rate %.0f/s: achieved %.1f/s, completed %.1f/s, late sends %llu, max lag %.3f ms\n", rate,
              m.achieved_rate, m.throughput, static_cast<unsigned long long>(m.late_sends),
              static_cast<double>(m.max_send_lag_ns) / 1e6);
}

INSTANTIATE_TEST_SUITE_P(Rates, LoadgenRate, ::testing::Values(1000.0, 10000.0));

}  // namespace
}  // namespace portico::loadgen
