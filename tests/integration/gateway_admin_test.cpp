// The gateway's admin listener over loopback: Prometheus /metrics per route and per backend
// instance, /config, /health, the bearer token, and POST /reload from a configuration source
// (a rejected source reports the loader's file:line:col errors and the running config stays).
#include "core/config/loader.hpp"
#include "gateway/server/gateway_server.hpp"
#include "tests/support/gateway_test_backend.hpp"

#include <gtest/gtest.h>

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

core::gateway_config config_of(const std::string& yaml) {
  auto loaded = core::load_scenario_text(yaml);
  EXPECT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].to_string());
  return loaded.scenario->gateway;
}

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
  f.gw.set_reload_source([&next, &f]() -> reload_source_result {
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

  next = scenario_yaml("/v3") + "        - {match: {path_prefx: /typo}, backend: users}\n";
  r = f.admin("POST", "/reload");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 422);
  EXPECT_TRUE(contains(r->body, "scenario.yaml:14:")) << r->body;
  EXPECT_TRUE(contains(r->body, "\"generation\":2"));
  EXPECT_EQ(c.request("GET /v2/x HTTP/1.1\r\nHost: a.test\r\n\r\n")->status, 200);  // still the running config
  EXPECT_EQ(c.request("GET /v3/x HTTP/1.1\r\nHost: a.test\r\n\r\n")->status, 404);
}

}  // namespace
}  // namespace portico::gateway
