// Auth stages in a running gateway: API key + a per-client token bucket (the offload scenario's
// shape), JWT claims forwarded upstream, and OAuth2 introspection against a loopback identity
// provider through the pending/resume path (caching, inactive tokens, provider down).
#include "core/config/loader.hpp"
#include "gateway/server/gateway_server.hpp"
#include "tests/support/gateway_test_backend.hpp"
#include "tests/support/redis_server.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
using testing::recording_backend;
using testing::test_client;

core::gateway_config gateway_with(const std::string& route_policies) {
  const std::string yaml =
      "name: t\nbackends: {users: {instances: 1}}\ngateway:\n  listeners:\n    - name: public\n"
      "      address: 127.0.0.1:0\n      routes:\n        - name: r\n          match: {path_prefix: /}\n"
      "          backend: users\n" +
      route_policies;
  auto loaded = core::load_scenario_text(yaml);
  EXPECT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].to_string());
  return loaded.scenario->gateway;
}

struct fixture {
  explicit fixture(const std::string& policies) : clock(core::time_point{100s}) {
    gateway_options options;
    options.threads = 2;
    options.clock = &clock;
    server = std::make_unique<gateway_server>(gateway_with(policies), backend_endpoints{{"users", {backend.address()}}}, options);
    server->start();
    port = server->endpoints().at(0).endpoint.port();
  }
  testing::parsed_response get(test_client& c, const std::string& headers, const std::string& target = "/x") {
    return c.request("GET " + target + " HTTP/1.1\r\nHost: t\r\n" + headers + "\r\n").value_or(testing::parsed_response{});
  }
  core::manual_clock clock;
  recording_backend backend;
  std::unique_ptr<gateway_server> server;
  unsigned short port = 0;
};

TEST(GatewayAuth, ApiKeyClientsGetTheirOwnTokenBuckets) {
  fixture f(
      "          auth: {api_key: {query_param: api_key, keys: [{key: ka, client: a}, {key: kb, client: b}]}}\n"
      "          rate_limit: {algorithm: token_bucket, rate: 1/s, burst: 2, key: client}\n");
  test_client c(f.port);
  EXPECT_EQ(f.get(c, "X-Api-Key: ka\r\n").status, 200);
  EXPECT_EQ(f.get(c, "X-Api-Key: ka\r\n").status, 200);
  EXPECT_EQ(f.get(c, "X-Api-Key: ka\r\n").status, 429);
  EXPECT_EQ(f.get(c, "", "/x?api_key=kb").status, 200);  // b is not affected by a
  EXPECT_EQ(f.get(c, "X-Api-Key: kb\r\n").status, 200);
  EXPECT_EQ(f.get(c, "X-Api-Key: kb\r\n").status, 429);
  const auto denied = f.get(c, "X-Api-Key: wrong\r\n");
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(denied.header("www-authenticate"), "ApiKey realm=\"portico\", header=\"X-Api-Key\"");
  EXPECT_EQ(f.backend.requests().size(), 4u);
  f.clock.advance(1s);
  EXPECT_EQ(f.get(c, "X-Api-Key: ka\r\n").status, 200);
}

std::string idp_answer(const std::string& body, int status = 200) {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST(GatewayAuth, IntrospectsTokensCachesAnswersAndChecksScopes) {
  recording_backend idp([](const testing::recorded_request& r) {
    if (r.body.find("token=good") == 0) return idp_answer(R"({"active":true,"sub":"alice","client_id":"app","scope":"read write"})");
    if (r.body.find("token=narrow") == 0) return idp_answer(R"({"active":true,"sub":"bob","scope":"write"})");
    if (r.body.find("token=broken") == 0) return idp_answer("oops", 500);
    return idp_answer(R"({"active":false})");
  });
  fixture f("          auth: {introspection: {endpoint: \"http://" + idp.address() +
            "/introspect\", client_id: gw, client_secret: s3, cache_ttl: 30s, required_scopes: [read]}}\n");
  test_client c(f.port);
  EXPECT_EQ(f.get(c, "Authorization: Bearer good\r\n").status, 200);
  EXPECT_EQ(f.get(c, "Authorization: Bearer good\r\n").status, 200);
  ASSERT_EQ(idp.requests().size(), 1u);  // the second answer came from the cache
  const auto calls = idp.requests();
  const auto& call = calls[0];
  EXPECT_EQ(call.method, "POST");
  EXPECT_EQ(call.target, "/introspect");
  EXPECT_EQ(call.body, "token=good&token_type_hint=access_token");
  EXPECT_NE(call.head.find("Authorization: Basic Z3c6czM=\r\n"), std::string::npos) << call.head;  // gw:s3

  const auto inactive = f.get(c, "Authorization: Bearer stale\r\n");
  EXPECT_EQ(inactive.status, 401);
  EXPECT_NE(inactive.header("www-authenticate").find("invalid_token"), std::string::npos);
  EXPECT_EQ(f.get(c, "Authorization: Bearer narrow\r\n").status, 403);
  EXPECT_EQ(f.get(c, "Authorization: Bearer broken\r\n").status, 503);
  EXPECT_EQ(f.get(c, "").status, 401);
  EXPECT_EQ(f.backend.requests().size(), 2u);

  f.clock.advance(30s);  // the cached answer expires: asked again
  EXPECT_EQ(f.get(c, "Authorization: Bearer good\r\n").status, 200);
  EXPECT_EQ(idp.requests().size(), 5u);
}

TEST(GatewayAuth, AnswersServiceUnavailableWhenTheIdentityProviderIsDown) {
  fixture f("          auth: {introspection: {endpoint: \"http://127.0.0.1:" + std::to_string(testing::unused_loopback_port()) +
            "/introspect\"}}\n");
  test_client c(f.port);
  EXPECT_EQ(f.get(c, "Authorization: Bearer any\r\n").status, 503);
  EXPECT_EQ(f.backend.requests().size(), 0u);
}

}  // namespace
}  // namespace portico::gateway
