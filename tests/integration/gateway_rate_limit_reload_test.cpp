// Rate-limit state across hot reloads, over HTTP with POST /reload on the admin listener: a
// client that exhausted its budget stays limited through a reload that leaves the limiter alone
// (provoking reloads must not buy a fresh budget), gets a fresh one when the limit changed, and
// the reload's answer says which happened. The Redis store keeps its state in Redis.
#include "core/config/loader.hpp"
#include "gateway/server/gateway_server.hpp"
#include "tests/support/gateway_test_backend.hpp"
#include "tests/support/redis_server.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
using testing::recording_backend;
using testing::test_client;

std::string yaml_with(const std::string& rate_limit, const std::string& extra_route) {
  return "name: t\n"
         "backends:\n"
         "  users: {instances: 1}\n"
         "gateway:\n"
         "  listeners:\n"
         "    - name: public\n"
         "      address: 127.0.0.1:0\n"
         "      routes:\n" +
         extra_route +
         "        - name: users\n"
         "          match: {path_prefix: /}\n"
         "          backend: users\n"
         "          rate_limit: " +
         rate_limit + "\n";
}

// The gateway reloads from `yaml` (changed by the test) when POST /reload arrives.
struct fixture {
  explicit fixture(std::string first) : yaml(std::move(first)), clock(core::time_point{3600s}) {
    gateway_options options;
    options.threads = 2;
    options.clock = &clock;
    options.admin = "127.0.0.1:0";
    server = std::make_unique<gateway_server>(load(yaml), backend_endpoints{{"users", {backend.address()}}}, options);
    server->set_reload_source([this](const std::string&) {
      reload_source_result out;
      out.config = load(yaml);
      out.backends = {{"users", {backend.address()}}};
      return out;
    });
    server->start();
    port = server->endpoints().at(0).endpoint.port();
  }
  static core::gateway_config load(const std::string& text) {
    auto loaded = core::load_scenario_text(text);
    EXPECT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].to_string());
    return loaded.scenario->gateway;
  }
  int get() {
    test_client c(port);
    const auto r = c.request("GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
    return r ? r->status : 0;
  }
  // POST /reload; the notes of its answer (empty on failure, which the test then reports).
  std::vector<std::string> reload(std::string next) {
    yaml = std::move(next);
    test_client c(server->admin_endpoint().value().port());
    const auto r = c.request("POST /reload HTTP/1.1\r\nHost: admin\r\nContent-Length: 0\r\n\r\n");
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    std::vector<std::string> notes;
    if (!r || r->status != 200) return notes;
    const auto doc = boost::json::parse(r->body);
    for (const auto& n : doc.at("notes").as_array()) notes.emplace_back(n.as_string());
    return notes;
  }
  std::string yaml;
  core::manual_clock clock;
  recording_backend backend;
  std::unique_ptr<gateway_server> server;
  unsigned short port = 0;
};

const std::string other_route = "        - {name: other, match: {path_prefix: /other}, backend: users}\n";

TEST(GatewayRateLimitReload, AnUnrelatedChangeKeepsTheExhaustedBudget) {
  const std::string limit = "{algorithm: fixed_window, limit: 2, window: 1m}";
  fixture f(yaml_with(limit, ""));
  EXPECT_EQ(f.get(), 200);
  EXPECT_EQ(f.get(), 200);
  EXPECT_EQ(f.get(), 429);
  EXPECT_EQ(f.reload(yaml_with(limit, other_route)), std::vector<std::string>{"public/users: rate-limit state kept (limiter unchanged)"});
  EXPECT_EQ(f.get(), 429);
  EXPECT_EQ(f.reload(yaml_with(limit, "")).size(), 1u);  // and back: still the same limiter
  EXPECT_EQ(f.get(), 429);
  EXPECT_EQ(f.backend.requests().size(), 2u);
  f.clock.advance(1min);  // the window ends as it would have without the reloads
  EXPECT_EQ(f.get(), 200);
}

TEST(GatewayRateLimitReload, AChangedLimitStartsWithAFreshBudget) {
  fixture f(yaml_with("{algorithm: fixed_window, limit: 2, window: 1m}", ""));
  EXPECT_EQ(f.get(), 200);
  EXPECT_EQ(f.get(), 200);
  EXPECT_EQ(f.get(), 429);
  EXPECT_EQ(f.reload(yaml_with("{algorithm: fixed_window, limit: 3, window: 1m}", "")),
            std::vector<std::string>{"public/users: rate-limit state reset (limiter configuration changed)"});
  EXPECT_EQ(f.get(), 200);
  EXPECT_EQ(f.get(), 200);
  EXPECT_EQ(f.get(), 200);
  EXPECT_EQ(f.get(), 429);
}

TEST(GatewayRateLimitReload, RedisStateOutlivesAReload) {
  if (!testing::redis_server_installed()) GTEST_SKIP() << "redis-server is not installed (scripts/bootstrap installs it)";
  testing::redis_server redis;
  ASSERT_EQ(redis.start(), "");
  const std::string limit = "{algorithm: fixed_window, limit: 2, window: 1m, store: redis, redis: \"" + redis.address() + "\"}";
  fixture f(yaml_with(limit, ""));
  EXPECT_EQ(f.get(), 200);
  EXPECT_EQ(f.get(), 200);
  EXPECT_EQ(f.get(), 429);
  const auto notes = f.reload(yaml_with(limit, other_route));
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("in Redis"), std::string::npos) << notes[0];
  EXPECT_EQ(f.get(), 429);  // the new generation's limiter talks to the same Redis keys
  f.clock.advance(1min);
  EXPECT_EQ(f.get(), 200);
}

}  // namespace
}  // namespace portico::gateway
