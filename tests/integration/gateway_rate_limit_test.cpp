// The rate-limit stage in a running gateway, on a manual clock: the unit-tested sequences replayed
// over HTTP (window boundary, bucket refill, shaping delay, per-key isolation), the 429 answer (Retry-After,
// RateLimit-*, JSON body, nothing forwarded), the headers on allowed answers, and the Redis store
// through the pending/resume path.
#include "core/config/loader.hpp"
#include "gateway/ratelimit/rate_limit_stage.hpp"
#include "gateway/server/gateway_server.hpp"
#include "tests/support/gateway_test_backend.hpp"
#include "tests/support/redis_server.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
using testing::recording_backend;
using testing::test_client;

core::gateway_config gateway_with(const std::string& rate_limit) {
  const std::string yaml =
      "name: t\n"
      "backends:\n"
      "  users: {instances: 1}\n"
      "gateway:\n"
      "  listeners:\n"
      "    - name: public\n"
      "      address: 127.0.0.1:0\n"
      "      routes:\n"
      "        - name: users\n"
      "          match: {path_prefix: /}\n"
      "          backend: users\n"
      "          rate_limit: " +
      rate_limit + "\n";
  auto loaded = core::load_scenario_text(yaml);
  EXPECT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].to_string());
  return loaded.scenario->gateway;
}

struct fixture {
  explicit fixture(const std::string& rate_limit) : clock(core::time_point{3600s}) {
    gateway_options options;
    options.threads = 2;
    options.clock = &clock;
    server = std::make_unique<gateway_server>(gateway_with(rate_limit), backend_endpoints{{"users", {backend.address()}}}, options);
    server->start();
    port = server->endpoints().at(0).endpoint.port();
  }
  int get(test_client& c, const std::string& extra_headers = "") {
    const auto r = c.request("GET /x HTTP/1.1\r\nHost: t\r\n" + extra_headers + "\r\n");
    last = r.value_or(testing::parsed_response{});
    return last.status;
  }
  core::manual_clock clock;
  recording_backend backend;
  std::unique_ptr<gateway_server> server;
  unsigned short port = 0;
  testing::parsed_response last;
};

TEST(GatewayRateLimit, FixedWindowAnswers429WithRetryAfterAndForwardsNothing) {
  fixture f("{algorithm: fixed_window, limit: 3, window: 10s}");
  test_client c(f.port);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(f.get(c), 200) << i;
    EXPECT_EQ(f.last.header("ratelimit-limit"), "3");
    EXPECT_EQ(f.last.header("ratelimit-remaining"), std::to_string(2 - i));
  }
  EXPECT_EQ(f.get(c), 429);
  EXPECT_EQ(f.last.header("retry-after"), "10");  // the window began at 3600 s, a multiple of 10 s
  EXPECT_EQ(f.last.header("ratelimit-remaining"), "0");
  EXPECT_NE(f.last.body.find("\"rate_limited\""), std::string::npos);
  EXPECT_EQ(f.backend.requests().size(), 3u);
  f.clock.advance(10s - 1ns);  // the last nanosecond of the window
  EXPECT_EQ(f.get(c), 429);
  EXPECT_EQ(f.last.header("retry-after"), "1");
  f.clock.advance(1ns);  // exactly on the boundary: a fresh window
  EXPECT_EQ(f.get(c), 200);
  EXPECT_EQ(f.backend.requests().size(), 4u);
}

TEST(GatewayRateLimit, TokenBucketRefillsOverHttp) {
  fixture f("{algorithm: token_bucket, rate: 2/s, burst: 2}");
  test_client c(f.port);
  EXPECT_EQ(f.get(c), 200);
  EXPECT_EQ(f.get(c), 200);
  EXPECT_EQ(f.get(c), 429);
  EXPECT_EQ(f.last.header("retry-after"), "1");  // 0.5 s, rounded up
  f.clock.advance(499ms);
  EXPECT_EQ(f.get(c), 429);
  f.clock.advance(1ms);
  EXPECT_EQ(f.get(c), 200);
  EXPECT_EQ(f.get(c), 429);
  EXPECT_EQ(f.backend.requests().size(), 3u);
}

// Shaping: a leaky bucket in queue mode delays the excess instead of refusing it. The delay is a
// real timer in the connection (the manual clock stands still), after which the request goes on
// through the rest of the pipeline to the backend.
TEST(GatewayRateLimit, LeakyQueueDelaysTheExcessThenForwardsIt) {
  fixture f("{algorithm: leaky_bucket, leaky: queue, rate: 10/s, burst: 5}");
  test_client c(f.port);
  EXPECT_EQ(f.get(c), 200);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(f.get(c), 200);  // one interval (100 ms) behind the first
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(waited, 90ms);
  EXPECT_LT(waited, 5s);
  EXPECT_EQ(f.last.header("ratelimit-limit"), "6");  // one in service and a queue of 5, as nginx burst=5
  EXPECT_EQ(f.backend.requests().size(), 2u);
}

TEST(GatewayRateLimit, KeysByHeaderIsolateClients) {
  fixture f("{algorithm: sliding_window, limit: 2, window: 1s, key: header:X-Client}");
  test_client c(f.port);
  EXPECT_EQ(f.get(c, "X-Client: a\r\n"), 200);
  EXPECT_EQ(f.get(c, "X-Client: a\r\n"), 200);
  EXPECT_EQ(f.get(c, "X-Client: a\r\n"), 429);
  EXPECT_EQ(f.get(c, "X-Client: b\r\n"), 200);
  EXPECT_EQ(f.get(c, "X-Client: b\r\n"), 200);
  EXPECT_EQ(f.get(c, "X-Client: b\r\n"), 429);
  f.clock.advance(1s);
  EXPECT_EQ(f.get(c, "X-Client: a\r\n"), 200);
}

TEST(GatewayRateLimit, RedisStoreDecidesThroughThePendingPath) {
  if (!testing::redis_server_installed()) GTEST_SKIP() << "redis-server is not installed (scripts/bootstrap installs it)";
  testing::redis_server redis;
  ASSERT_EQ(redis.start(), "");
  fixture f("{algorithm: fixed_window, limit: 2, window: 1m, store: redis, redis: \"" + redis.address() + "\"}");
  test_client c(f.port);
  EXPECT_EQ(f.get(c), 200);
  EXPECT_EQ(f.last.header("ratelimit-remaining"), "1");
  EXPECT_EQ(f.get(c), 200);
  EXPECT_EQ(f.get(c), 429);
  EXPECT_EQ(f.last.header("retry-after"), "60");
  f.clock.advance(1min);
  EXPECT_EQ(f.get(c), 200);
  EXPECT_EQ(f.backend.requests().size(), 3u);
}

TEST(GatewayRateLimit, RedisDownFailsClosedWhenConfigured) {
  const std::string down = "127.0.0.1:" + std::to_string(testing::unused_loopback_port());
  fixture f("{algorithm: token_bucket, rate: 100/s, store: redis, redis: \"" + down + "\", fail_open: false}");
  test_client c(f.port);
  EXPECT_EQ(f.get(c), 429);
  EXPECT_EQ(f.backend.requests().size(), 0u);
}

}  // namespace
}  // namespace portico::gateway
