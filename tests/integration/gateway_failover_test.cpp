// Failover over loopback: one of two instances is killed mid-load, and errors stop within 1 s of
// the kill (the acceptance bound; the load keeps running 1.5 s after the kill). Two ways
// to get there: passive outlier detection (connect failures eject it, retries move the requests
// in flight to the survivor), or active health checks alone (no retries: every request the
// victim gets before the probes mark it unhealthy fails, so the bound can only hold if they do).
#include "gateway/server/gateway_server.hpp"
#include "tests/support/gateway_test_backend.hpp"
#include "tests/support/scenario_text.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace portico::gateway {
namespace {

using clock_type = std::chrono::steady_clock;

struct failover_run {
  std::uint64_t ok = 0, failed = 0, ok_at_kill = 0;
  clock_type::duration last_failure_after_kill{};
  gateway_snapshot snapshot;
};

// Loads `users` (two instances) with 4 client threads, kills instance 1 after 200 answers, and
// keeps loading for 1.5 s.
failover_run kill_one_under_load(const std::string& upstreams, const std::string& route_extra) {
  const auto scenario = testing::scenario_from_text(
      "name: t\nbackends:\n  users: {instances: 2}\ngateway:\n"
      "  upstreams:\n    users: " + upstreams + "\n"
      "  listeners:\n    - name: public\n      address: 127.0.0.1:0\n      routes:\n"
      "        - {name: users, match: {path_prefix: /}, backend: users, timeout: 1s" + route_extra + "}\n");
  testing::recording_backend survivor, victim;
  gateway_server gw(scenario.gateway, {{"users", {survivor.address(), victim.address()}}}, {.threads = 2});
  gw.start();
  const auto port = gw.endpoints().at(0).endpoint.port();

  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> ok{0}, failed{0};
  std::mutex mutex;
  clock_type::time_point last_failure{};
  std::vector<std::thread> clients;
  for (int i = 0; i < 4; ++i)
    clients.emplace_back([&] {
      while (!stop) {  // a new client connection after an error: the gateway may close on 5xx
        testing::test_client c(port, std::chrono::seconds(2));
        while (!stop) {
          const auto r = c.request("GET /users/1 HTTP/1.1\r\nHost: t\r\n\r\n");
          if (r && r->status == 200) {
            ++ok;
            continue;
          }
          ++failed;
          std::lock_guard lock(mutex);
          last_failure = clock_type::now();
          break;
        }
      }
    });
  while (ok < 200) std::this_thread::yield();
  const auto killed_at = clock_type::now();
  victim.stop();
  failover_run out;
  out.ok_at_kill = ok.load();
  while (clock_type::now() - killed_at < std::chrono::milliseconds(1500)) std::this_thread::yield();
  stop = true;
  for (auto& t : clients) t.join();
  out.ok = ok.load();
  out.failed = failed.load();
  if (out.failed > 0) out.last_failure_after_kill = last_failure - killed_at;
  out.snapshot = gw.snapshot();
  return out;
}

TEST(GatewayFailover, EjectsAKilledInstanceAndErrorsStopWithinOneSecond) {
  const auto r = kill_one_under_load("{outlier_detection: {consecutive_connect_failures: 2, base_ejection: 30s}}", ", retries: {attempts: 2}");
  EXPECT_GT(r.ok, r.ok_at_kill + 100);  // the survivor carried the load
  EXPECT_LT(r.last_failure_after_kill, std::chrono::seconds(1)) << r.failed << " failures";
  ASSERT_EQ(r.snapshot.backends.size(), 2u);
  EXPECT_FALSE(r.snapshot.backends[0].ejected);
  EXPECT_TRUE(r.snapshot.backends[1].ejected);
  EXPECT_EQ(r.snapshot.backends[1].times_ejected, 1u);
}

TEST(GatewayFailover, ActiveHealthChecksAloneMarkAKilledInstanceAndErrorsStopWithinOneSecond) {
  const auto r = kill_one_under_load("{health_check: {interval: 100ms, timeout: 250ms, unhealthy_threshold: 2}}", "");
  EXPECT_GT(r.ok, r.ok_at_kill + 100);
  EXPECT_LT(r.last_failure_after_kill, std::chrono::seconds(1)) << r.failed << " failures";
  RecordProperty("failures_after_kill", std::to_string(r.failed));
  ASSERT_EQ(r.snapshot.backends.size(), 2u);
  EXPECT_TRUE(r.snapshot.backends[0].healthy);
  EXPECT_FALSE(r.snapshot.backends[1].healthy);
  EXPECT_FALSE(r.snapshot.backends[1].ejected);  // no outlier detection configured
  ASSERT_TRUE(r.snapshot.backends[1].health);
  EXPECT_EQ(r.snapshot.backends[1].health->became_unhealthy, 1u);
}

}  // namespace
}  // namespace portico::gateway
