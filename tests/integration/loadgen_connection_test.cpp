// The load generator's connection handling against a loopback server: HTTP/1.1 pipelining, a new
// connection per request, the closed model's think time, and count-bounded runs.
#include "core/time/clock.hpp"
#include "loadgen/driver.hpp"
#include "tests/support/stalling_http_server.hpp"

#include <gtest/gtest.h>

namespace portico::loadgen {
namespace {

using namespace std::chrono_literals;

core::load_config closed_load(std::uint16_t port, int connections) {
  core::load_config load;
  load.type = core::load_config::model::closed;
  load.target = "http://127.0.0.1:" + std::to_string(port) + "/";
  load.connections = connections;
  load.timeout = 2s;
  return load;
}

result run_for(const core::load_config& load, std::chrono::nanoseconds measure) {
  return run(load, {.warmup = 0s, .measure = measure, .drain = 2s}, 1, core::steady_clock_source::instance());
}

TEST(LoadgenConnections, PipelinedRequestsAllComplete) {
  testing::stalling_http_server server;
  auto load = closed_load(server.port(), 2);
  load.pipeline = 8;
  load.max_requests = 4000;
  const auto r = run_for(load, 30s);
  EXPECT_EQ(r.measure.overall.counts.sent, 4000u);
  EXPECT_EQ(r.measure.overall.counts.completed, 4000u);
  EXPECT_EQ(r.measure.overall.counts.errors, 0u);
}

TEST(LoadgenConnections, ANewConnectionPerRequestCompletesEveryRequest) {
  testing::stalling_http_server server;
  auto load = closed_load(server.port(), 2);
  load.new_connection_per_request = true;
  load.max_requests = 200;
  const auto r = run_for(load, 30s);
  EXPECT_EQ(r.measure.overall.counts.completed, 200u);
  EXPECT_EQ(r.measure.overall.counts.errors, 0u);
  EXPECT_EQ(server.requests(), 200u);
}

TEST(LoadgenConnections, ThinkTimeBoundsTheClosedModelsRate) {
  testing::stalling_http_server server;
  auto load = closed_load(server.port(), 2);
  load.think_time = 100ms;
  const auto r = run_for(load, 1s);
  // Each connection sends at most once per think time: 2 x (1 s / 100 ms + 1).
  EXPECT_LE(r.measure.overall.counts.sent, 22u);
  EXPECT_GE(r.measure.overall.counts.completed, 10u);
  EXPECT_EQ(r.measure.model, "closed");
}

TEST(LoadgenConnections, WeightedTemplatesAreRecordedSeparately) {
  testing::stalling_http_server server;
  auto load = closed_load(server.port(), 2);
  load.max_requests = 2000;
  load.requests.resize(2);
  load.requests[0].weight = 9;
  load.requests[0].path = "/users/{int:1..100}";
  load.requests[1].path = "/dashboard";
  const auto r = run_for(load, 30s);
  ASSERT_EQ(r.measure.requests.size(), 2u);
  const auto& users = r.measure.requests[0];
  const auto& dashboard = r.measure.requests[1];
  EXPECT_EQ(users.counts.completed + dashboard.counts.completed, 2000u);
  EXPECT_NEAR(static_cast<double>(users.counts.completed) / 2000.0, 0.9, 0.03);
  EXPECT_EQ(dashboard.corrected.count, dashboard.counts.completed);
}

}  // namespace
}  // namespace portico::loadgen
