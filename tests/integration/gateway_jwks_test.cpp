// JWT keys from a JWKS URL served by a mock backend (body: {file: ...}, rewritten to rotate):
// start-up fetch, a new kid picked up by the unknown-kid refresh while the request waits, a
// retired key refused after a scheduled refresh, the last good keys kept while the identity
// provider answers 503, and start-up refused when the first fetch fails. The gateway runs on a
// manual clock, so refresh intervals pass without waiting; the fetches are real HTTP.
#include "core/config/loader.hpp"
#include "gateway/server/gateway_server.hpp"
#include "mock-backends/server/mock_server.hpp"
#include "tests/support/gateway_test_backend.hpp"
#include "tests/support/redis_server.hpp"
#include "tests/support/scratch_files.hpp"
#include "tests/unit/gateway/auth/jwt_test_keys.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
using portico::testing::test_client;

std::string jwks_with(const std::vector<const jwt_key*>& keys) {
  std::vector<std::string> jwks;
  for (const jwt_key* k : keys) jwks.push_back(testing::jwk_of(*k, "ES256"));
  return testing::jwks_of(jwks);
}

core::scenario_config scenario(const std::string& jwks_file, const std::string& jwks_url) {
  const std::string yaml =
      "name: t\n"
      "backends:\n"
      "  users: {endpoints: [{match: '*', body: ok}]}\n"
      "  idp: {endpoints: [{match: GET /jwks, body: {file: '" + jwks_file + "'}}]}\n"
      "gateway:\n"
      "  listeners:\n"
      "    - name: public\n"
      "      address: 127.0.0.1:0\n"
      "      routes:\n"
      "        - match: {path_prefix: /}\n"
      "          backend: users\n"
      "          auth:\n"
      "            jwt:\n"
      "              issuers:\n"
      "                - {issuer: idp, algorithms: [ES256], jwks_url: '" + jwks_url + "', jwks_refresh: 5m, jwks_min_refresh: 10s}\n";
  auto loaded = core::load_scenario_text(yaml);
  EXPECT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].to_string());
  return *loaded.scenario;
}

struct rig {
  explicit rig(const std::string& jwks_url = "idp/jwks")
      : dir(portico::testing::scratch_directory("gateway-jwks")),
        jwks_file(portico::testing::write_file(dir / "jwks.json", jwks_with({&a}))),
        config(scenario(jwks_file, jwks_url)),
        mocks(config),
        clock(core::time_point{100s}) {
    mocks.start();
    backend_endpoints backends;
    for (const auto& e : mocks.endpoints()) backends[e.backend].push_back(e.endpoint.address().to_string() + ":" + std::to_string(e.endpoint.port()));
    gateway_options options;
    options.threads = 2;
    options.clock = &clock;
    server = std::make_unique<gateway_server>(config.gateway, backends, options);
    server->start();
  }
  int status(test_client& c, const jwt_key& key) {
    const std::string token = testing::make_token("ES256", key, "{\"alg\":\"ES256\",\"kid\":\"" + key.kid + "\"}",
                                                  R"({"iss":"idp","sub":"alice"})");
    return c.request("GET /x HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token + "\r\n\r\n").value_or(portico::testing::parsed_response{}).status;
  }
  void publish(const std::vector<const jwt_key*>& keys) { portico::testing::write_file(dir / "jwks.json", jwks_with(keys)); }
  double counter(const std::string& name) const {
    for (const auto& c : server->components()) {
      if (c.kind == "auth" && c.counters.count(name)) return c.counters.at(name);
    }
    return -1;
  }

  jwt_key a = testing::generate_ec("P-256", "key-a");
  jwt_key b = testing::generate_ec("P-256", "key-b");
  jwt_key unknown = testing::generate_ec("P-256", "key-unknown");
  std::filesystem::path dir;
  std::string jwks_file;
  core::scenario_config config;
  mock::mock_server mocks;
  core::manual_clock clock;
  std::unique_ptr<gateway_server> server;
};

unsigned short port_of(const gateway_server& s) { return s.endpoints().at(0).endpoint.port(); }

TEST(GatewayJwks, PicksUpARotatedKeyByKidAndDropsARetiredOne) {
  rig r;
  test_client c(port_of(*r.server));
  EXPECT_EQ(r.status(c, r.a), 200);
  EXPECT_EQ(r.status(c, r.b), 401);  // unknown kid: refreshed at once, B not published yet

  r.publish({&r.a, &r.b});
  EXPECT_EQ(r.status(c, r.b), 401);  // still within jwks_min_refresh of the last unknown-kid fetch
  r.clock.advance(10s);
  EXPECT_EQ(r.status(c, r.b), 200);  // this request waited for the fetch its kid started
  EXPECT_EQ(r.status(c, r.a), 200);

  r.publish({&r.b});  // A retired
  r.clock.advance(5min);
  // B is in the old set and the new one: this request starts the scheduled refresh and passes
  // whichever set it meets (the fetch runs on another thread and may finish first under load).
  EXPECT_EQ(r.status(c, r.b), 200);
  // An unknown kid waits for the fetch in flight (or makes its own): afterwards the refresh has run.
  EXPECT_EQ(r.status(c, r.unknown), 401);
  EXPECT_EQ(r.status(c, r.a), 401);
  EXPECT_EQ(r.status(c, r.b), 200);
  EXPECT_GE(r.counter("jwks_fetches"), 4);
  EXPECT_EQ(r.counter("jwks_fetch_failures"), 0);
  EXPECT_GE(r.counter("jwks_unknown_kid_fetches"), 2);
}

TEST(GatewayJwks, KeepsTheLastGoodKeysWhileTheIdentityProviderIsDown) {
  rig r;
  test_client c(port_of(*r.server));
  EXPECT_EQ(r.status(c, r.a), 200);
  ASSERT_TRUE(r.mocks.set_state("idp", -1, mock::instance_state{.failed = true, .fail_status = 503}));
  r.clock.advance(5min);
  EXPECT_EQ(r.status(c, r.a), 200);        // starts the scheduled refresh, which gets 503
  EXPECT_EQ(r.status(c, r.unknown), 401);  // waits for it (or fails its own fetch)
  EXPECT_EQ(r.status(c, r.a), 200);        // the last good set is still in use
  EXPECT_GE(r.counter("jwks_fetch_failures"), 1);

  r.mocks.set_state("idp", -1, mock::instance_state{});  // back: the next retry succeeds
  r.publish({&r.b});
  r.clock.advance(10s);
  EXPECT_EQ(r.status(c, r.b), 200);
}

TEST(GatewayJwks, RefusesToStartWhenTheFirstFetchFails) {
  const std::string url = "http://127.0.0.1:" + std::to_string(portico::testing::unused_loopback_port()) + "/jwks";
  try {
    rig r(url);
    FAIL() << "the gateway started without keys";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("JWKS " + url + ": connect: Connection refused"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace portico::gateway
