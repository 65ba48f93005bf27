// Active health checks over loopback, probing every 100 ms with thresholds of 2: an instance whose
// health endpoint fails (the mock admin API's `unhealthy`) stops getting traffic within about
// interval x threshold and gets it back once it passes again; a stopped instance is marked
// unhealthy; a reload that keeps the backend keeps its health state and its probing.
#include "gateway/admin/prometheus.hpp"
#include "gateway/server/gateway_server.hpp"
#include "mock-backends/server/mock_server.hpp"
#include "tests/support/gateway_test_backend.hpp"
#include "tests/support/scenario_text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <thread>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
using testing::recording_backend;
using testing::test_client;
using wall = std::chrono::steady_clock;

std::string scenario_yaml(const std::string& route_prefix = "/users") {
  return "name: t\n"
         "backends:\n"
         "  users:\n"
         "    instances: 2\n"
         "    endpoints:\n"
         "      - match: GET /users/{id}\n"
         "        body: {json: {id: \"{id}\"}}\n"
         "gateway:\n"
         "  upstreams:\n"
         "    users: {health_check: {path: /health, interval: 100ms, timeout: 200ms, healthy_threshold: 2, unhealthy_threshold: 2}}\n"
         "  listeners:\n"
         "    - name: public\n"
         "      address: 127.0.0.1:0\n"
         "      routes:\n"
         "        - {name: users, match: {path_prefix: " + route_prefix + "}, backend: users}\n";
}

// The probes run on real time, so the state is polled (bounded) rather than stepped.
std::optional<wall::duration> within(wall::duration limit, const std::function<bool()>& done) {
  const auto start = wall::now();
  while (wall::now() - start < limit) {
    if (done()) return wall::now() - start;
    std::this_thread::sleep_for(2ms);
  }
  return std::nullopt;
}

bool healthy(const gateway_server& gw, std::size_t instance) { return gw.snapshot().backends.at(instance).healthy; }

// Which mock instance answered each of n requests ("users#0" -> count).
std::map<std::string, int> spread(unsigned short port, int n) {
  std::map<std::string, int> out;
  test_client c(port);
  for (int i = 0; i < n; ++i) {
    const auto r = c.request("GET /users/" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\n\r\n");
    ++out[r && r->status == 200 ? r->header("x-portico-instance") : "failed"];
  }
  return out;
}

TEST(GatewayHealthCheck, AnInstanceFailingItsHealthEndpointGetsNoTrafficUntilItPassesAgain) {
  const auto scenario = testing::scenario_from_text(scenario_yaml());
  mock::mock_server mocks(scenario, {.admin = "127.0.0.1:0"});
  mocks.start();
  backend_endpoints addresses;
  for (const auto& e : mocks.endpoints()) addresses["users"].push_back("127.0.0.1:" + std::to_string(e.endpoint.port()));
  gateway_server gw(scenario.gateway, addresses, {.threads = 2});
  gw.start();
  const auto port = gw.endpoints().at(0).endpoint.port();
  auto admin = [&](const std::string& action) {
    test_client c(mocks.admin_endpoint()->port());
    return c.request("POST /admin/backends/users/instances/1/" + action + " HTTP/1.1\r\nHost: admin\r\nContent-Length: 0\r\n\r\n")->status;
  };

  auto before = spread(port, 20);
  EXPECT_EQ(before["users#0"] + before["users#1"], 20);
  EXPECT_GT(before["users#1"], 0);

  ASSERT_EQ(admin("unhealthy"), 200);
  const auto down = within(3s, [&] { return !healthy(gw, 1); });
  ASSERT_TRUE(down) << "never marked unhealthy";
  // interval x threshold = 200 ms, plus up to one interval until the first failing probe.
  EXPECT_LT(*down, 1s);
  RecordProperty("marked_unhealthy_after_ms", std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(*down).count()));
  auto during = spread(port, 20);
  EXPECT_EQ(during["users#0"], 20);
  EXPECT_EQ(during.count("users#1"), 0u);

  ASSERT_EQ(admin("healthy"), 200);
  ASSERT_TRUE(within(3s, [&] { return healthy(gw, 1); })) << "never healthy again";
  auto after = spread(port, 20);
  EXPECT_EQ(after["users#0"] + after["users#1"], 20);
  EXPECT_GT(after["users#1"], 0);

  const auto snap = gw.snapshot();
  ASSERT_TRUE(snap.backends[1].health);
  EXPECT_EQ(snap.backends[1].health->became_unhealthy, 1u);
  EXPECT_EQ(snap.backends[1].health->became_healthy, 1u);
  EXPECT_GE(snap.backends[1].health->probe_failures, 2u);
  EXPECT_EQ(snap.backends[0].health->probe_failures, 0u);
  EXPECT_GT(snap.backends[0].health->probes, 0u);
  const auto events = gw.health_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].instance, "users#1");
  EXPECT_FALSE(events[0].healthy);
  EXPECT_TRUE(events[1].healthy);
  EXPECT_TRUE(gw.stop(2s));
  mocks.stop(2s);
}

TEST(GatewayHealthCheck, AStoppedInstanceIsMarkedUnhealthyAndAvoided) {
  recording_backend survivor, victim;
  gateway_server gw(testing::scenario_from_text(scenario_yaml()).gateway, {{"users", {survivor.address(), victim.address()}}}, {.threads = 1});
  gw.start();
  victim.stop();
  const auto down = within(3s, [&] { return !healthy(gw, 1); });
  ASSERT_TRUE(down);
  EXPECT_LT(*down, 1s);
  EXPECT_TRUE(healthy(gw, 0));
  const auto served = spread(gw.endpoints().at(0).endpoint.port(), 10);
  EXPECT_EQ(served.count("failed"), 0u);
  const auto components = gw.components();
  const auto it = std::find_if(components.begin(), components.end(), [](const auto& c) { return c.name == "users#1"; });
  ASSERT_NE(it, components.end());
  EXPECT_EQ(it->counters.at("healthy"), 0);
  EXPECT_EQ(it->counters.at("became_unhealthy"), 1);
  EXPECT_GE(it->counters.at("health_probe_failures"), 2);

  const auto metrics = format_prometheus(gw.snapshot());
  const std::string victim_labels = "{backend=\"users\",instance=\"1\",address=\"" + victim.address() + "\"";
  EXPECT_NE(metrics.find("portico_gateway_health_transitions_total" + victim_labels + ",to=\"unhealthy\"} 1\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("portico_gateway_health_probe_failures_total" + victim_labels + "} "), std::string::npos);
  EXPECT_NE(metrics.find("portico_gateway_backend_healthy" + victim_labels + "} 0\n"), std::string::npos);
  EXPECT_NE(metrics.find("# TYPE portico_gateway_health_probes_total counter\n"), std::string::npos);
}

TEST(GatewayHealthCheck, AReloadKeepingTheBackendKeepsItsHealthStateAndProbing) {
  recording_backend survivor, victim;
  backend_endpoints addresses{{"users", {survivor.address(), victim.address()}}};
  gateway_server gw(testing::scenario_from_text(scenario_yaml()).gateway, addresses, {.threads = 2});
  gw.start();
  victim.stop();
  ASSERT_TRUE(within(3s, [&] { return !healthy(gw, 1); }));
  const auto probes_before = gw.snapshot().backends[1].health->probes;

  const auto r = gw.reload(testing::scenario_from_text(scenario_yaml("/v2")).gateway, addresses);
  ASSERT_TRUE(r.ok) << (r.errors.empty() ? "" : r.errors[0]);
  EXPECT_FALSE(healthy(gw, 1));  // carried over, not reset to the initial "healthy"
  EXPECT_TRUE(within(3s, [&] { return gw.snapshot().backends[1].health->probes > probes_before + 2; }));
  EXPECT_FALSE(healthy(gw, 1));
  test_client c(gw.endpoints().at(0).endpoint.port());
  EXPECT_EQ(c.request("GET /v2/x HTTP/1.1\r\nHost: t\r\n\r\n")->status, 200);

  // Without health_check the backend is rebuilt: no probes, and hosts start healthy.
  auto plain = testing::scenario_from_text(scenario_yaml("/v2")).gateway;
  plain.upstreams.clear();
  ASSERT_TRUE(gw.reload(plain, addresses).ok);
  const auto snap = gw.snapshot();
  EXPECT_FALSE(snap.backends[1].health);
  EXPECT_TRUE(snap.backends[1].healthy);
  EXPECT_TRUE(gw.stop(2s));
}

}  // namespace
}  // namespace portico::gateway
