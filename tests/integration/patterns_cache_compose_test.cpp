// Response cache (miss then hit, Age, no-store, key headers) and composition chains over
// loopback mock backends.
#include "tests/integration/patterns_fixture.hpp"

#include <boost/json/parse.hpp>

namespace portico::testing {
namespace {

namespace json = boost::json;

const std::string cache_yaml =
    "name: cache\n"
    "backends:\n"
    "  users:\n"
    "    endpoints:\n"
    "      - match: GET /users/{id}\n"
    "        body: {json: {id: \"{id}\"}}\n"
    "      - match: GET /nostore/{id}\n"
    "        headers: {Cache-Control: no-store}\n"
    "        body: {json: {id: \"{id}\"}}\n"
    "      - match: GET /short/{id}\n"
    "        headers: {Cache-Control: \"max-age=0\"}\n"
    "        body: ok\n"
    "gateway:\n"
    "  listeners:\n"
    "    - name: public\n"
    "      routes:\n"
    "        - match: {path_prefix: /api}\n"
    "          rewrite: {strip_prefix: /api}\n"
    "          backend: users\n"
    "          cache: {ttl: 60s, max_entries: 100, key_headers: [Accept-Language]}\n";

std::uint64_t backend_requests(const patterns_fixture& f) {
  std::uint64_t n = 0;
  for (const auto& s : f.mock_server->stats()) n += s.requests;
  return n;
}

TEST(PatternsCache, HitFollowsMissAndSkipsTheBackend) {
  patterns_fixture f(cache_yaml);
  const auto miss = f.get("/api/users/1");
  ASSERT_TRUE(miss);
  EXPECT_EQ(miss->status, 200);
  EXPECT_EQ(miss->header("x-cache"), "MISS");
  const auto hit = f.get("/api/users/1");
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->status, 200);
  EXPECT_EQ(hit->header("x-cache"), "HIT");
  EXPECT_EQ(hit->header("age"), "0");
  EXPECT_EQ(hit->body, miss->body);
  EXPECT_EQ(backend_requests(f), 1u);
}

TEST(PatternsCache, KeyIncludesQueryAndSelectedHeaders) {
  patterns_fixture f(cache_yaml);
  f.get("/api/users/1?a=1");
  EXPECT_EQ(f.get("/api/users/1?a=2")->header("x-cache"), "MISS");
  EXPECT_EQ(f.get("/api/users/1?a=1", "Accept-Language: fr\r\n")->header("x-cache"), "MISS");
  EXPECT_EQ(f.get("/api/users/1?a=1", "Accept-Language: fr\r\n")->header("x-cache"), "HIT");
  EXPECT_EQ(f.get("/api/users/1?a=1", "X-Other: 1\r\n")->header("x-cache"), "HIT");
}

TEST(PatternsCache, HonoursNoStoreAndZeroMaxAgeFromTheBackend) {
  patterns_fixture f(cache_yaml);
  f.get("/api/nostore/1");
  EXPECT_EQ(f.get("/api/nostore/1")->header("x-cache"), "MISS");
  f.get("/api/short/1");
  EXPECT_EQ(f.get("/api/short/1")->header("x-cache"), "MISS");
  EXPECT_EQ(backend_requests(f), 4u);
}

TEST(PatternsCache, ClientNoCacheBypassesAndOtherMethodsAreForwarded) {
  patterns_fixture f(cache_yaml);
  f.get("/api/users/2");
  const auto bypass = f.get("/api/users/2", "Cache-Control: no-cache\r\n");
  ASSERT_TRUE(bypass);
  EXPECT_EQ(bypass->header("x-cache"), "");
  EXPECT_EQ(backend_requests(f), 2u);
  test_client c(f.port());
  const auto post = c.request("POST /api/users/2 HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->header("x-cache"), "");
}

const std::string compose_yaml =
    "name: compose\n"
    "backends:\n"
    "  users:\n"
    "    endpoints:\n"
    "      - match: GET /users/{id}\n"
    "        body: {json: {id: \"u{id}\", team: \"t9\"}}\n"
    "  orders:\n"
    "    endpoints:\n"
    "      - match: GET /orders/{user}\n"
    "        body: {json: {owner: \"{user}\", count: 3}}\n"
    "  teams:\n"
    "    endpoints:\n"
    "      - match: GET /teams/{team}\n"
    "        body: {json: {team: \"{team}\"}}\n"
    "gateway:\n"
    "  listeners:\n"
    "    - name: public\n"
    "      routes:\n"
    "        - match: {path: \"/profile/{id}\"}\n"
    "          compose:\n"
    "            user: {backend: users, path: \"/users/{id}\"}\n"
    "            orders: {backend: orders, path: \"/orders/{user.id}\"}\n"
    "            team: {backend: teams, path: \"/teams/{user.team}?owner={orders.owner}\"}\n"
    "        - match: {path: \"/broken/{id}\"}\n"
    "          compose:\n"
    "            user: {backend: users, path: \"/users/{id}\"}\n"
    "            orders: {backend: orders, path: \"/orders/{user.missing}\"}\n";

TEST(PatternsCompose, ChainsCallsWithValuesFromEarlierAnswers) {
  patterns_fixture f(compose_yaml);
  const auto r = f.get("/profile/5");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto doc = json::parse(r->body).as_object();
  EXPECT_EQ(doc.at("user").at("id").as_string(), "u5");
  EXPECT_EQ(doc.at("orders").at("owner").as_string(), "u5");
  EXPECT_EQ(doc.at("team").at("team").as_string(), "t9");
  const auto timing = r->header("server-timing");
  EXPECT_NE(timing.find("team;dur="), std::string::npos) << timing;
}

TEST(PatternsCompose, UnresolvedTemplateStopsTheChain) {
  patterns_fixture f(compose_yaml);
  const auto r = f.get("/broken/5");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 502);
  EXPECT_NE(r->body.find("user.missing"), std::string::npos) << r->body;
  std::uint64_t orders = 0;
  for (const auto& s : f.mock_server->stats())
    if (s.backend == "orders") orders += s.requests;
  EXPECT_EQ(orders, 0u);
}

TEST(PatternsCompose, FailedStepAnswers502NamingIt) {
  patterns_fixture f(compose_yaml);
  f.mock_server->set_state("orders", -1, {.failed = true, .fail_status = 500});
  const auto r = f.get("/profile/5");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 502);
  EXPECT_NE(r->body.find("orders"), std::string::npos) << r->body;
}

}  // namespace
}  // namespace portico::testing
