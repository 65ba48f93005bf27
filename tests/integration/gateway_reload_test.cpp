// Hot reload of routes and backends over loopback: under steady load no request fails across
// several reloads (keep-alive clients and clients opening a connection per request), the new
// routes take effect, and a config the gateway cannot serve is rejected while the old one stays.
#include "core/config/loader.hpp"
#include "gateway/server/gateway_server.hpp"
#include "tests/support/gateway_test_backend.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace portico::gateway {
namespace {

using testing::recording_backend;
using testing::test_client;

core::gateway_config config_with(const std::string& routes) {
  const std::string yaml =
      "name: t\n"
      "backends:\n"
      "  users: {instances: 2}\n"
      "  orders: {instances: 1}\n"
      "gateway:\n"
      "  listeners:\n"
      "    - name: public\n"
      "      address: 127.0.0.1:0\n"
      "      routes:\n" +
      routes;
  auto loaded = core::load_scenario_text(yaml);
  EXPECT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].to_string());
  return loaded.scenario->gateway;
}

// Two shapes the reloads alternate between: both serve /api/users (so the load never sees a
// 404), the second also /api/orders and balances differently.
const std::string routes_a =
    "        - {name: users, match: {path_prefix: /api/users}, backend: users, timeout: 2s}\n";
const std::string routes_b =
    "        - {name: orders, match: {path_prefix: /api/orders}, backend: orders, timeout: 2s}\n"
    "        - {name: users, match: {path_prefix: /api/users}, backend: users, lb: p2c, timeout: 2s}\n";

struct load {
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> ok{0}, failed{0};
  std::vector<std::thread> threads;

  void run(unsigned short port, int keep_alive_clients, int fresh_clients) {
    for (int i = 0; i < keep_alive_clients; ++i)
      threads.emplace_back([this, port] {
        test_client c(port);
        while (!stop) count(c.request("GET /api/users/1 HTTP/1.1\r\nHost: a.test\r\n\r\n"));
      });
    for (int i = 0; i < fresh_clients; ++i)
      threads.emplace_back([this, port] {
        while (!stop) {
          test_client c(port);
          count(c.request("GET /api/users/2 HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n"));
        }
      });
  }
  void count(const std::optional<testing::parsed_response>& r) { ++(r && r->status == 200 ? ok : failed); }
  // Waits until `n` more requests succeeded (or any failed), without sleeping on a guess.
  void wait_for_more(std::uint64_t n) {
    const auto target = ok.load() + n;
    while (ok.load() < target && failed.load() == 0) std::this_thread::yield();
  }
  void finish() {
    stop = true;
    for (auto& t : threads) t.join();
  }
};

TEST(GatewayReload, LosesNoRequestAcrossReloadsUnderSteadyLoad) {
  recording_backend u1, u2, o1;
  backend_endpoints backends{{"users", {u1.address(), u2.address()}}, {"orders", {o1.address()}}};
  gateway_server gw(config_with(routes_a), backends, {.threads = 2});
  gw.start();
  const auto port = gw.endpoints().at(0).endpoint.port();
  load l;
  l.run(port, 4, 2);
  l.wait_for_more(200);
  for (int i = 0; i < 6; ++i) {
    const auto r = gw.reload(config_with(i % 2 == 0 ? routes_b : routes_a));
    ASSERT_TRUE(r.ok) << (r.errors.empty() ? "" : r.errors[0]);
    EXPECT_EQ(r.generation, static_cast<std::uint64_t>(i + 2));
    l.wait_for_more(100);
  }
  l.finish();
  EXPECT_EQ(l.failed.load(), 0u);
  EXPECT_GE(l.ok.load(), 800u);
  EXPECT_TRUE(gw.stop(std::chrono::seconds(5)));  // every request accounted for after this
  const auto snap = gw.snapshot();
  EXPECT_EQ(snap.generation, 7u);
  EXPECT_EQ(snap.reloads_ok, 6u);
  EXPECT_EQ(snap.overall.requests, l.ok.load());
  std::uint64_t users_requests = 0;
  for (const auto& r : snap.routes)
    if (r.name == "users") users_requests += r.counters.requests;
  EXPECT_EQ(users_requests, l.ok.load());  // one route identity across generations
}

TEST(GatewayReload, NewRoutesAndBackendsTakeEffect) {
  recording_backend u1, u2, o1;
  gateway_server gw(config_with(routes_a), {{"users", {u1.address(), u2.address()}}}, {.threads = 1});
  gw.start();
  test_client c(gw.endpoints().at(0).endpoint.port());
  auto r = c.request("GET /api/orders/9 HTTP/1.1\r\nHost: a.test\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  ASSERT_TRUE(gw.reload(config_with(routes_b), {{"users", {u1.address(), u2.address()}}, {"orders", {o1.address()}}}).ok);
  r = c.request("GET /api/orders/9 HTTP/1.1\r\nHost: a.test\r\n\r\n");  // same keep-alive connection
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(o1.requests().size(), 1u);
}

TEST(GatewayReload, RejectsAConfigItCannotServeAndKeepsTheRunningOne) {
  recording_backend u1, u2;
  gateway_server gw(config_with(routes_a), {{"users", {u1.address(), u2.address()}}}, {.threads = 1});
  gw.start();
  // `orders` has no instance address: the builder refuses it.
  auto r = gw.reload(config_with(routes_b));
  EXPECT_FALSE(r.ok);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_NE(r.errors[0].find("orders"), std::string::npos) << r.errors[0];
  EXPECT_EQ(r.generation, 1u);
  // Listeners are fixed for the process.
  auto moved = config_with(routes_a);
  moved.listeners[0].address = "127.0.0.1:1";
  r = gw.reload(moved);
  EXPECT_FALSE(r.ok);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_NE(r.errors[0].find("gateway.listeners[0]"), std::string::npos) << r.errors[0];
  test_client c(gw.endpoints().at(0).endpoint.port());
  const auto answer = c.request("GET /api/users/1 HTTP/1.1\r\nHost: a.test\r\n\r\n");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  const auto snap = gw.snapshot();
  EXPECT_EQ(snap.generation, 1u);
  EXPECT_EQ(snap.reloads_rejected, 2u);
}

}  // namespace
}  // namespace portico::gateway
