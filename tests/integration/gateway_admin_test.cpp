// The gateway's admin listener over loopback: Prometheus /metrics per route and per backend
// instance, /config, /health, the bearer token, and POST /reload from a configuration source
// (a rejected source reports the loader's file:line:col errors and the running config stays).
#include "core/config/loader.hpp"
#include "core/results/results_json.hpp"
#include "gateway/server/gateway_server.hpp"
#include "tests/integration/patterns_fixture.hpp"
#include "tests/support/gateway_test_backend.hpp"
#include "tests/support/scenario_text.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <sstream>

namespace portico::gateway {
namespace {

using testing::recording_backend;
using testing::test_client;

std::string scenario_yaml(const std::string& route_path) {
  return "name: t\n"
         "backends:\n"
         "  users: {instances: 2}\n"
         "gateway:\n"
         "  admin: 127.0.0.1:0\n"
         "  admin_token: s3cret\n"
         "  upstreams:\n"
         "    users: {circuit_breaker: {max_requests: 100}, outlier_detection: {consecutive_5xx: 5}}\n"
         "  listeners:\n"
         "    - name: public\n"
         "      address: 127.0.0.1:0\n"
         "      routes:\n"
         "        - {name: users, match: {path_prefix: " + route_path + "}, backend: users}\n";
}

core::gateway_config config_of(const std::string& yaml) { return testing::scenario_from_text(yaml).gateway; }

struct fixture {
  fixture() : gw(config_of(scenario_yaml("/api")), {{"users", {a.address(), b.address()}}}, {.threads = 2}) {
    gw.start();
    port = gw.endpoints().at(0).endpoint.port();
    admin_port = gw.admin_endpoint().value().port();
  }
  std::optional<testing::parsed_response> admin(const std::string& method, const std::string& path, bool token = true) {
    test_client c(admin_port);
    return c.request(method + " " + path + " HTTP/1.1\r\nHost: admin\r\n" + (token ? "Authorization: Bearer s3cret\r\n" : "") +
                     "Content-Length: 0\r\n\r\n");
  }
  recording_backend a, b;
  gateway_server gw;
  unsigned short port = 0, admin_port = 0;
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(GatewayAdmin, ExportsPrometheusMetricsPerRouteAndBackendInstance) {
  fixture f;
  test_client c(f.port);
  // A request is counted just after its response is written; the connection reads the next one
  // only after that, so the last 404 makes every earlier request visible to the scrape.
  ASSERT_EQ(c.request("GET /nowhere HTTP/1.1\r\nHost: a.test\r\n\r\n")->status, 404);
  for (int i = 0; i < 4; ++i) ASSERT_EQ(c.request("GET /api/x HTTP/1.1\r\nHost: a.test\r\n\r\n")->status, 200);
  ASSERT_EQ(c.request("GET /nowhere HTTP/1.1\r\nHost: a.test\r\n\r\n")->status, 404);
  const auto r = f.admin("GET", "/metrics");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_TRUE(contains(r->header("content-type"), "text/plain; version=0.0.4"));
  const auto& m = r->body;
  EXPECT_TRUE(contains(m, "portico_gateway_requests_total{class=\"2xx\"} 4\n")) << m;
  EXPECT_TRUE(contains(m, "portico_gateway_requests_total{class=\"4xx\"} 1\n") ||
              contains(m, "portico_gateway_requests_total{class=\"4xx\"} 2\n"));
  EXPECT_TRUE(contains(m, "portico_gateway_requests_total{listener=\"public\",route=\"users\",class=\"2xx\"} 4\n"));
  EXPECT_TRUE(contains(m, "portico_gateway_requests_total{backend=\"users\",instance=\"0\",address=\"" + f.a.address() + "\",class=\"2xx\"} 2\n"));
  EXPECT_TRUE(contains(m, "portico_gateway_requests_total{backend=\"users\",instance=\"1\",address=\"" + f.b.address() + "\",class=\"2xx\"} 2\n"));
  EXPECT_TRUE(contains(m, "portico_gateway_request_duration_seconds_bucket{listener=\"public\",route=\"users\",le=\"+Inf\"} 4\n"));
  EXPECT_TRUE(contains(m, "portico_gateway_request_duration_seconds_count{listener=\"public\",route=\"users\"} 4\n"));
  EXPECT_TRUE(contains(m, "# TYPE portico_gateway_request_duration_seconds histogram\n"));
  EXPECT_TRUE(contains(m, "portico_gateway_backend_healthy{backend=\"users\",instance=\"0\",address=\"" + f.a.address() + "\"} 1\n"));
  EXPECT_TRUE(contains(m, "portico_gateway_backend_ejections_total{backend=\"users\",instance=\"1\""));
  EXPECT_TRUE(contains(m, "portico_gateway_backend_circuit_state{backend=\"users\"} 0\n"));
  EXPECT_TRUE(contains(m, "portico_gateway_retries_total{listener=\"public\",route=\"users\"} 0\n"));
  EXPECT_TRUE(contains(m, "portico_gateway_connections_active 1\n"));
  EXPECT_TRUE(contains(m, "portico_gateway_config_generation 1\n"));
}

TEST(GatewayAdmin, NeedsTheBearerTokenExceptForHealth) {
  fixture f;
  auto r = f.admin("GET", "/metrics", false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->header("www-authenticate"), "Bearer");
  r = f.admin("GET", "/health", false);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "{\"status\":\"ok\",\"generation\":1}");
  EXPECT_EQ(f.admin("GET", "/nothing")->status, 404);
  EXPECT_EQ(f.admin("POST", "/metrics")->status, 405);
}

TEST(GatewayAdmin, ShowsTheRunningConfigWithoutSecrets) {
  fixture f;
  const auto r = f.admin("GET", "/config");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_TRUE(contains(r->body, "\"path_prefix\":\"/api\""));
  EXPECT_TRUE(contains(r->body, "\"admin_token\":\"<redacted>\""));
  EXPECT_FALSE(contains(r->body, "s3cret"));
}

TEST(GatewayAdmin, ReloadsFromItsSourceOrReportsTheLoaderErrors) {
  fixture f;
  EXPECT_EQ(f.admin("POST", "/reload")->status, 501);  // no source: in-process use
  std::string next = scenario_yaml("/v2");
  f.gw.set_reload_source([&next, &f](const std::string&) -> reload_source_result {
    reload_source_result out;
    auto loaded = core::load_scenario_text(next, "scenario.yaml");
    for (const auto& e : loaded.errors) out.errors.push_back(e.to_string());
    if (loaded.ok()) out.config = loaded.scenario->gateway;
    out.backends = {{"users", {f.a.address(), f.b.address()}}};
    return out;
  });
  auto r = f.admin("POST", "/reload");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_TRUE(contains(r->body, "\"generation\":2"));
  test_client c(f.port);
  EXPECT_EQ(c.request("GET /v2/x HTTP/1.1\r\nHost: a.test\r\n\r\n")->status, 200);

  test_client bad(f.admin_port);  // a body other than {"file": "..."} is refused, nothing reloads
  r = bad.request("POST /reload HTTP/1.1\r\nHost: admin\r\nAuthorization: Bearer s3cret\r\nContent-Length: 12\r\n\r\n{\"fil\": \"x\"}");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);

  next = scenario_yaml("/v3") + "        - {match: {path_prefx: /typo}, backend: users}\n";
  r = f.admin("POST", "/reload");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_TRUE(contains(r->body, "scenario.yaml:14:")) << r->body;
  EXPECT_TRUE(contains(r->body, "\"generation\":2"));
  EXPECT_EQ(c.request("GET /v2/x HTTP/1.1\r\nHost: a.test\r\n\r\n")->status, 200);  // still the running config
  EXPECT_EQ(c.request("GET /v3/x HTTP/1.1\r\nHost: a.test\r\n\r\n")->status, 404);
}

// Every sample belongs to a family announced once by HELP and TYPE before it (the exposition
// format's rule; a scraper rejects a repeated family).
void expect_well_formed_families(const std::string& metrics) {
  std::set<std::string> typed;
  std::istringstream lines(metrics);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("# TYPE ", 0) == 0) {
      const auto name = line.substr(7, line.find(' ', 7) - 7);
      EXPECT_TRUE(typed.insert(name).second) << "family twice: " << name;
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    std::string name = line.substr(0, line.find_first_of("{ "));
    for (const char* suffix : {"_bucket", "_sum", "_count"})
      if (!typed.count(name) && name.size() > std::strlen(suffix) && name.ends_with(suffix)) name.resize(name.size() - std::strlen(suffix));
    EXPECT_TRUE(typed.count(name)) << "no TYPE before " << line;
  }
}

const std::string policies_yaml =
    "name: t\n"
    "backends:\n"
    "  users:\n"
    "    endpoints:\n"
    "      - match: GET /users/{id}\n"
    "        body: {json: {id: \"{id}\"}}\n"
    "  orders:\n"
    "    endpoints:\n"
    "      - match: GET /orders\n"
    "        body: {json: {orders: [1, 2]}}\n"
    "gateway:\n"
    "  admin: 127.0.0.1:0\n"
    "  tracing: {sample_ratio: 100%}\n"
    "  listeners:\n"
    "    - name: public\n"
    "      routes:\n"
    "        - name: limited\n"
    "          match: {path_prefix: /limited}\n"
    "          rewrite: {strip_prefix: /limited}\n"
    "          backend: users\n"
    "          rate_limit: {algorithm: token_bucket, rate: 1/m, burst: 2}\n"  // 2 now, the next a minute later
    "        - name: secured\n"
    "          match: {path_prefix: /secured}\n"
    "          rewrite: {strip_prefix: /secured}\n"
    "          backend: users\n"
    "          auth: {api_key: {header: X-Api-Key, keys: [k1]}}\n"
    "        - name: cached\n"
    "          match: {path_prefix: /cached}\n"
    "          rewrite: {strip_prefix: /cached}\n"
    "          backend: users\n"
    "          cache: {ttl: 60s}\n"
    "        - name: dash\n"
    "          match: {path: \"/dash/{id}\"}\n"
    "          aggregate:\n"
    "            user: {backend: users, path: \"/users/{id}\"}\n"
    "            orders: {backend: orders, path: /orders}\n";

TEST(GatewayAdmin, ExportsLimiterAuthCacheAggregationAndTraceCounters) {
  testing::patterns_fixture f(policies_yaml);
  std::vector<int> statuses;
  for (const char* target : {"/limited/users/1", "/limited/users/2", "/limited/users/3", "/secured/users/1", "/cached/users/1",
                             "/cached/users/1", "/cached/users/1", "/dash/7"})
    statuses.push_back(f.get(target, std::string(target).starts_with("/secured") ? "X-Api-Key: k1\r\n" : "")->status);
  statuses.push_back(f.get("/secured/users/1")->status);
  EXPECT_EQ(statuses, (std::vector<int>{200, 200, 429, 200, 200, 200, 200, 200, 401}));

  test_client c(f.server->admin_endpoint().value().port());
  const auto r = c.request("GET /metrics HTTP/1.1\r\nHost: admin\r\n\r\n");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const auto& m = r->body;
  const std::string limited = "{listener=\"public\",route=\"limited\",algorithm=\"token_bucket\",store=\"local\"";
  const std::string secured = "{listener=\"public\",route=\"secured\",method=\"api_key\"";
  const std::string cached = "{listener=\"public\",route=\"cached\"";
  const std::string dash = "{listener=\"public\",route=\"dash\",pattern=\"aggregate\"";
  const std::vector<std::string> expected{
      "portico_gateway_ratelimit_decisions_total" + limited + ",outcome=\"allowed\"} 2\n",
      "portico_gateway_ratelimit_decisions_total" + limited + ",outcome=\"denied\"} 1\n",
      "portico_gateway_ratelimit_delayed_total" + limited + "} 0\n",
      "portico_gateway_auth_requests_total" + secured + ",outcome=\"ok\"} 1\n",
      "portico_gateway_auth_requests_total" + secured + ",outcome=\"unauthorized\"} 1\n",
      "portico_gateway_auth_requests_total" + secured + ",outcome=\"forbidden\"} 0\n",
      "portico_gateway_cache_lookups_total" + cached + ",result=\"hit\"} 2\n",
      "portico_gateway_cache_lookups_total" + cached + ",result=\"miss\"} 1\n",
      "portico_gateway_cache_stores_total" + cached + "} 1\n",
      "portico_gateway_cache_entries" + cached + "} 1\n",
      "portico_gateway_pattern_requests_total" + dash + ",outcome=\"complete\"} 1\n",
      "portico_gateway_pattern_calls_total" + dash + ",call=\"orders\"} 1\n",
      "portico_gateway_pattern_call_duration_seconds_count" + dash + ",call=\"user\"} 1\n",
      "# TYPE portico_gateway_pattern_call_duration_seconds summary\n",
      // Every request is traced at the listener, routed or not (9 above).
      "portico_gateway_trace_requests_total{listener=\"public\",trace=\"started\"} 9\n",
      "portico_gateway_trace_sampled_total{listener=\"public\"} 9\n",
  };
  for (const auto& line : expected) EXPECT_TRUE(contains(m, line)) << line << "in:\n" << m;
  EXPECT_FALSE(contains(m, "portico_gateway_health_probes_total"));  // no health_check configured
  expect_well_formed_families(m);

  // The run results read the same counters.
  const auto components = f.server->components();
  auto find = [&](const std::string& kind, const std::string& name) {
    const auto it = std::find_if(components.begin(), components.end(), [&](const auto& x) { return x.kind == kind && x.name == name; });
    return it == components.end() ? core::component_result{} : *it;
  };
  EXPECT_EQ(find("limiter", "limited").counters["denied"], 1);
  EXPECT_EQ(find("auth", "secured:api_key").counters["unauthorized"], 1);
  EXPECT_EQ(find("cache", "cached").counters["hits"], 2);
  EXPECT_EQ(find("aggregate", "dash").counters["orders.calls"], 1);
  EXPECT_EQ(find("trace", "public").counters["started"], 9);
}

TEST(GatewayAdmin, ServesItsComponentsInTheResultsFormatAndItsHealthTransitions) {
  fixture f;
  test_client c(f.port);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(c.request("GET /api/x HTTP/1.1\r\nHost: a.test\r\n\r\n")->status, 200);
  ASSERT_EQ(c.request("GET /nowhere HTTP/1.1\r\nHost: a.test\r\n\r\n")->status, 404);  // counts the 200s (see above)
  const auto r = f.admin("GET", "/components");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  std::string error;
  const auto parts = core::read_components_json(r->body, &error);
  ASSERT_TRUE(parts) << error;
  const auto direct = f.gw.components();  // the same data, read in process
  auto route = [](const std::vector<core::component_result>& list) {
    const auto it = std::find_if(list.begin(), list.end(), [](const auto& x) { return x.kind == "route" && x.name == "users"; });
    return it == list.end() ? core::component_result{} : *it;
  };
  EXPECT_EQ(route(*parts).counters["requests"], 3);
  EXPECT_EQ(route(*parts).counters, route(direct).counters);
  EXPECT_EQ(parts->size(), direct.size());
  const auto events = f.admin("GET", "/health-events");
  ASSERT_TRUE(events);
  EXPECT_EQ(events->status, 200);
  EXPECT_EQ(events->body, "{\"events\":[]}");  // no active health checks configured
  EXPECT_EQ(f.admin("GET", "/components", false)->status, 401);
}

TEST(GatewayAdmin, MetricFamiliesAreEachAnnouncedOnce) {
  fixture f;
  test_client c(f.port);
  ASSERT_EQ(c.request("GET /api/x HTTP/1.1\r\nHost: a.test\r\n\r\n")->status, 200);
  const auto r = f.admin("GET", "/metrics");
  ASSERT_TRUE(r);
  expect_well_formed_families(r->body);
}

}  // namespace
}  // namespace portico::gateway
