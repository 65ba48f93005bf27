// Failover over loopback: one of two instances is killed mid-load; outlier detection ejects it
// (connect failures), retries move the requests in flight to the survivor, and errors stop within
// 1 s of the kill (the acceptance bound; the load keeps running 1.5 s after the kill).
#include "core/config/loader.hpp"
#include "gateway/server/gateway_server.hpp"
#include "tests/support/gateway_test_backend.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace portico::gateway {
namespace {

using clock_type = std::chrono::steady_clock;

TEST(GatewayFailover, EjectsAKilledInstanceAndErrorsStopWithinOneSecond) {
  auto loaded = core::load_scenario_text(
      "name: t\nbackends:\n  users: {instances: 2}\ngateway:\n"
      "  upstreams:\n    users: {outlier_detection: {consecutive_connect_failures: 2, base_ejection: 30s}}\n"
      "  listeners:\n    - name: public\n      address: 127.0.0.1:0\n      routes:\n"
      "        - {name: users, match: {path_prefix: /}, backend: users, timeout: 1s, retries: {attempts: 2}}\n");
  ASSERT_TRUE(loaded.ok()) << loaded.errors[0].to_string();
  testing::recording_backend survivor, victim;
  gateway_server gw(loaded.scenario->gateway, {{"users", {survivor.address(), victim.address()}}}, {.threads = 2});
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
  const auto ok_at_kill = ok.load();
  while (clock_type::now() - killed_at < std::chrono::milliseconds(1500)) std::this_thread::yield();
  stop = true;
  for (auto& t : clients) t.join();

  EXPECT_GT(ok.load(), ok_at_kill + 100);  // the survivor carried the load
  if (failed > 0) {
    std::lock_guard lock(mutex);
    EXPECT_LT(last_failure - killed_at, std::chrono::seconds(1)) << failed << " failures";
  }
  const auto snap = gw.snapshot();
  ASSERT_EQ(snap.backends.size(), 2u);
  EXPECT_FALSE(snap.backends[0].ejected);
  EXPECT_TRUE(snap.backends[1].ejected);
  EXPECT_EQ(snap.backends[1].times_ejected, 1u);
}

}  // namespace
}  // namespace portico::gateway
