#include "core/config/loader.hpp"

#include "tests/support/paths.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace portico::core {
namespace {

using namespace std::chrono_literals;

std::string all_errors(const load_result& r) {
  std::string out;
  for (const auto& e : r.errors) out += e.to_string() + "\n";
  return out;
}

const scenario_config& loaded(const load_result& r) {
  EXPECT_TRUE(r.ok()) << all_errors(r);
  static const scenario_config empty;
  return r.scenario ? *r.scenario : empty;
}

constexpr const char* full_scenario = R"(
name: everything
description: many fields
seed: 7
mock: {admin: 127.0.0.1:9100, admin_token: t0k, threads: 2}
backends:
  users:
    instances: 3
    listen: 127.0.0.2:0
    weights: [1, 2, 3]
    capacity: {workers: 8, queue: 64}
    health_path: /healthz
    endpoints:
      - match: GET /users/{id}
        status: 201
        latency: {lognormal: {p50: 4ms, p99: 30ms, max: 1s}}
        body: {json: {id: "{id}", n: 3, ok: true, tags: [a, "b"], none: null}, size: 1KiB}
        headers: {Cache-Control: no-cache}
        faults: {status: "503:1%,504:0.5%", reset: 1%, hang: 0.1%, slow_body: 2%, slow_body_bytes_per_second: 2KiB}
      - match: "*"
        latency: 5ms
        body: {size: 4KiB}
  orders:
    address: 127.0.0.1:9999
gateway:
  admin: 127.0.0.1:9000
  admin_token: secret
  threads: 2
  access_log: /tmp/access.log
  limits: {max_header_bytes: 8KiB, max_body_bytes: 1MiB, header_timeout: 5s, idle_timeout: 30s}
  upstreams:
    users:
      connect_timeout: 250ms
      health_check: {path: /healthz, interval: 2s}
      circuit_breaker: {max_requests: 100, enabled: false}
  listeners:
    - name: edge
      address: 127.0.0.1:8080
      routes:
        - match: {path_prefix: /api, methods: [GET, POST], headers: {X-Env: prod}, host: "*.example.com"}
          rewrite: {strip_prefix: /api, add_prefix: /v1}
          backends: [{backend: users, weight: 9}, {backend: orders, weight: 1}]
          lb: {algorithm: ring_hash, hash_on: "header:X-User"}
          timeout: 3s
          retries: {attempts: 2, budget: 20%, on_status: [503]}
          auth: {api_key: {header: X-Key, keys: [k1, {key: k2, client: acme, plan: gold}]}}
          rate_limit: {algorithm: leaky_bucket, rate: 30000/m, burst: 50, key: [api_key, "header:X-User"], leaky: meter}
          compress: true
        - name: dash
          match: {path: "/dash/{id}"}
          aggregate:
            user: {backend: users, path: "/users/{id}", timeout: 500ms}
            orders: {backend: orders, path: "/orders?user={id}"}
          on_partial: return_partial
load:
  model: open
  target: http://127.0.0.1:8080
  connections: 64
  threads: 2
  arrival: poisson
  schedule:
    - {rate: 200/s, for: 5s}
    - {ramp_to: 2000/s, over: 10s}
    - {hold: 15s}
  requests:
    - {weight: 9, path: "/api/users/{int:1..10000}", headers: {X-Key: "{pick:k1,k2}"}}
    - {name: dash, weight: 1, method: POST, path: /dash/1, body: "{}"}
phases: {warmup: 5s, measure: 30s, drain: 1s}
events:
  - {at: 10s, action: fail, backend: users, instance: 1}
  - {at: 20s, action: slow, backend: users, latency: 50ms}
  - {at: 25s, action: reload, file: other.yaml}
thresholds:
  - p99 < 50ms
  - error_rate <= 1%
  - throughput > 900/s
  - route(dash).p999 >= 20ms
capacity_search:
  slo: [p99 < 100ms]
  start: 100/s
  max: 10000/s
  step: 3s
  precision: 2%
)";

TEST(Loader, ReadsEveryKindOfFieldIntoTheModel) {
  const auto result = load_scenario_text(full_scenario, "full.yaml");
  const auto& s = loaded(result);
  EXPECT_EQ(s.name, "everything");
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.file, "full.yaml");
  ASSERT_EQ(s.backends.size(), 2u);
  const auto& users = s.backends[0];
  EXPECT_EQ(users.name, "users");
  EXPECT_EQ(users.instances, 3);
  EXPECT_EQ(users.weights, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(users.capacity.workers, 8);
  EXPECT_EQ(users.where.line, 7);
  EXPECT_EQ(s.mock.admin, "127.0.0.1:9100");
  EXPECT_EQ(s.mock.admin_token, "t0k");
  EXPECT_EQ(s.mock.threads, 2);
  ASSERT_EQ(users.endpoints.size(), 2u);
  const auto& get_user = users.endpoints[0];
  EXPECT_EQ(get_user.method, "GET");
  EXPECT_EQ(get_user.path, "/users/{id}");
  EXPECT_EQ(get_user.status, 201);
  EXPECT_EQ(get_user.latency.type, latency_config::kind::lognormal);
  EXPECT_EQ(get_user.latency.p99, 30ms);
  EXPECT_EQ(get_user.latency.max, 1s);
  EXPECT_EQ(get_user.body.type, body_config::kind::json);
  EXPECT_EQ(get_user.body.content, R"({"id":"{id}","n":3,"ok":true,"tags":["a","b"],"none":null})");
  EXPECT_EQ(get_user.body.size, 1024u);
  EXPECT_EQ(get_user.headers.at("Cache-Control"), "no-cache");
  ASSERT_EQ(get_user.faults.statuses.size(), 2u);
  EXPECT_EQ(get_user.faults.statuses[1].status, 504);
  EXPECT_DOUBLE_EQ(get_user.faults.statuses[1].probability, 0.005);
  EXPECT_DOUBLE_EQ(get_user.faults.hang, 0.001);
  EXPECT_EQ(get_user.faults.slow_body_bytes_per_second, 2048u);
  EXPECT_EQ(users.endpoints[1].path, "*");
  EXPECT_EQ(users.endpoints[1].latency.value, 5ms);
  EXPECT_EQ(users.endpoints[1].body.type, body_config::kind::random_bytes);
  EXPECT_EQ(s.backends[1].address, "127.0.0.1:9999");

  const auto& g = s.gateway;
  EXPECT_TRUE(g.enabled);
  EXPECT_EQ(g.threads, 2);
  EXPECT_EQ(g.limits.max_header_bytes, 8192u);
  EXPECT_TRUE(g.upstreams.at("users").health_check.enabled);  // present section = enabled
  EXPECT_EQ(g.upstreams.at("users").health_check.interval, 2s);
  EXPECT_FALSE(g.upstreams.at("users").circuit_breaker.enabled);
  ASSERT_EQ(g.listeners.size(), 1u);
  ASSERT_EQ(g.listeners[0].routes.size(), 2u);
  const auto& api = g.listeners[0].routes[0];
  EXPECT_EQ(api.name, "edge#0");
  EXPECT_EQ(api.match.methods, (std::vector<std::string>{"GET", "POST"}));
  EXPECT_EQ(api.rewrite.add_prefix, "/v1");
  ASSERT_EQ(api.backends.size(), 2u);
  EXPECT_EQ(api.backends[0].weight, 9);
  EXPECT_EQ(api.lb.algorithm, lb_algorithm::ring_hash);
  EXPECT_EQ(api.lb.hash_on, "header:X-User");
  EXPECT_EQ(api.retries.attempts, 2);
  EXPECT_EQ(api.retries.on_status, (std::vector<int>{503}));
  ASSERT_TRUE(api.auth.api_key.has_value());
  EXPECT_EQ(api.auth.api_key->keys[1].plan, "gold");
  ASSERT_TRUE(api.rate_limit.has_value());
  EXPECT_EQ(api.rate_limit->algo, rate_limit_config::algorithm::leaky_bucket);
  EXPECT_DOUBLE_EQ(api.rate_limit->limit_rate.per_second, 500);
  EXPECT_EQ(api.rate_limit->key, (std::vector<std::string>{"api_key", "header:X-User"}));
  EXPECT_EQ(api.rate_limit->leaky, rate_limit_config::leaky_variant::meter);
  EXPECT_TRUE(api.compress);
  const auto& dash = g.listeners[0].routes[1];
  EXPECT_EQ(dash.match.path_template, "/dash/{id}");
  EXPECT_TRUE(dash.match.path.empty());
  ASSERT_EQ(dash.aggregate.size(), 2u);
  EXPECT_EQ(dash.aggregate[0].name, "user");
  EXPECT_EQ(dash.aggregate[0].timeout, 500ms);
  EXPECT_EQ(dash.on_partial, route_config::partial_policy::return_partial);

  EXPECT_EQ(s.load.connections, 64);
  EXPECT_EQ(s.load.arrival, load_config::arrivals::poisson);
  ASSERT_EQ(s.load.schedule.size(), 3u);
  EXPECT_EQ(s.load.schedule[1].type, schedule_stage::kind::ramp);
  EXPECT_DOUBLE_EQ(s.load.schedule[1].target.per_second, 2000);
  EXPECT_EQ(s.load.schedule[2].type, schedule_stage::kind::hold);
  EXPECT_EQ(s.load.schedule[2].length, 15s);
  ASSERT_EQ(s.load.requests.size(), 2u);
  EXPECT_EQ(s.load.requests[0].name, "GET /api/users/{int:1..10000}");
  EXPECT_EQ(s.load.requests[1].method, "POST");
  EXPECT_EQ(s.phases.drain, 1s);
  ASSERT_EQ(s.events.size(), 3u);
  EXPECT_EQ(s.events[0].instance, 1);
  EXPECT_EQ(s.events[1].what, event_config::action::slow);
  EXPECT_EQ(s.events[2].file, "other.yaml");
  ASSERT_EQ(s.thresholds.size(), 4u);
  EXPECT_EQ(s.thresholds[3].scope, "dash");
  EXPECT_TRUE(s.capacity_search.enabled);
  EXPECT_DOUBLE_EQ(s.capacity_search.precision, 0.02);
}

TEST(Loader, AppliesDefaultsWhenSectionsAreAbsent) {
  const auto result = load_scenario_text("backends:\n  api: {}\nload: {rate: 100/s}\nphases: {warmup: 1s, measure: 4s}\n");
  const auto& s = loaded(result);
  EXPECT_FALSE(s.gateway.enabled);
  EXPECT_EQ(s.backends[0].instances, 1);
  ASSERT_EQ(s.load.schedule.size(), 1u);
  EXPECT_EQ(s.load.schedule[0].length, 5s);  // the rate shorthand lasts warmup + measure
  EXPECT_EQ(s.load.type, load_config::model::open);
}

TEST(Loader, TakesShorthandsForSingleBackendLbAndFixedLatency) {
  const auto result = load_scenario_text(R"(
backends: {b: {endpoints: [{match: /x, latency: {fixed: 3ms}, body: hello}]}}
gateway: {listeners: [{routes: [{backend: b, lb: p2c, rate_limit: {limit: 10, key: client_ip, algorithm: fixed_window}}]}]}
)");
  const auto& s = loaded(result);
  const auto& route = s.gateway.listeners[0].routes[0];
  EXPECT_EQ(route.name, "public#0");
  ASSERT_EQ(route.backends.size(), 1u);
  EXPECT_EQ(route.backends[0].backend, "b");
  EXPECT_EQ(route.lb.algorithm, lb_algorithm::p2c);
  EXPECT_EQ(route.rate_limit->key, std::vector<std::string>{"client_ip"});
  EXPECT_EQ(s.backends[0].endpoints[0].method, "");
  EXPECT_EQ(s.backends[0].endpoints[0].latency.value, 3ms);
  EXPECT_EQ(s.backends[0].endpoints[0].body.content, "hello");
}

TEST(Loader, FillsInTheStandardCollectorPathsAndReadsExportBatching) {
  const auto result = load_scenario_text(R"(
backends: {c: {endpoints: [{match: POST /v1/traces, record: 50}]}}
gateway:
  tracing:
    otlp_endpoint: http://127.0.0.1:4318
    zipkin_endpoint: http://127.0.0.1:9411/custom/spans
    batch_size: 64
    batch_delay: 50ms
    queue_size: 4096
    export_timeout: 500ms
  listeners: [{routes: [{backend: c}]}]
)");
  const auto& s = loaded(result);
  const auto& t = s.gateway.tracing;
  EXPECT_EQ(t.otlp_endpoint, "http://127.0.0.1:4318/v1/traces");
  EXPECT_EQ(t.zipkin_endpoint, "http://127.0.0.1:9411/custom/spans");
  EXPECT_EQ(t.batch_size, 64u);
  EXPECT_EQ(t.batch_delay, 50ms);
  EXPECT_EQ(t.queue_size, 4096u);
  EXPECT_EQ(t.export_timeout, 500ms);
  EXPECT_EQ(s.backends[0].endpoints[0].record, 50u);
  const auto zipkin_default = load_scenario_text("gateway: {address: x:1, tracing: {zipkin_endpoint: \"http://127.0.0.1:9411\"}}\n");
  EXPECT_EQ(loaded(zipkin_default).gateway.tracing.zipkin_endpoint, "http://127.0.0.1:9411/api/v2/spans");
}

TEST(Loader, ReadsEveryLatencyDistribution) {
  const auto result = load_scenario_text(R"(
backends:
  b:
    endpoints:
      - {match: /u, latency: {uniform: {min: 1ms, max: 3ms}}}
      - {match: /n, latency: {normal: {mean: 5ms, stddev: 1ms}}}
      - {match: /l, latency: {lognormal: {mu: 1.4, sigma: 0.6}}}
      - {match: /e, latency: {exponential: {mean: 8ms}}}
      - {match: /p, latency: {pareto: {scale: 2ms, shape: 1.5}}}
      - {match: /m, latency: {empirical: {p50: 2ms, p90: 5ms, p999: 20ms}}}
)");
  const auto& e = loaded(result).backends.at(0).endpoints;
  ASSERT_EQ(e.size(), 6u);
  EXPECT_EQ(e[0].latency.type, latency_config::kind::uniform);
  EXPECT_EQ(e[0].latency.max, 3ms);
  EXPECT_EQ(e[1].latency.stddev, 1ms);
  EXPECT_DOUBLE_EQ(e[2].latency.sigma, 0.6);
  EXPECT_EQ(e[3].latency.mean, 8ms);
  EXPECT_DOUBLE_EQ(e[4].latency.shape, 1.5);
  ASSERT_EQ(e[5].latency.percentiles.size(), 3u);
  EXPECT_DOUBLE_EQ(e[5].latency.percentiles[2].first, 0.999);
  EXPECT_EQ(e[5].latency.percentiles[2].second, 20ms);
}

TEST(Loader, LoadsTheDesignDocumentExample) {
  const auto result = load_scenario_file(testing::source_path("tests/unit/core/config/data/design_example.yaml"));
  const auto& s = loaded(result);
  EXPECT_EQ(s.name, "limiter-shootout");
  EXPECT_EQ(s.backends.size(), 2u);
  EXPECT_EQ(s.variants.size(), 4u);
  EXPECT_EQ(s.gateway.listeners.at(0).routes.at(1).aggregate.size(), 2u);
  EXPECT_EQ(s.load.schedule.size(), 3u);
}

TEST(Loader, LoadsEveryScenarioInTheLibrary) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testing::source_path("scenarios"))) {
    if (entry.path().extension() != ".yaml") continue;
    ++count;
    const auto result = load_scenario_file(entry.path().string());
    EXPECT_TRUE(result.ok()) << all_errors(result);
  }
  EXPECT_GE(count, 1);
}

TEST(Loader, ReportsAMissingFile) {
  const auto result = load_scenario_file("/nonexistent/scenario.yaml");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].to_string(), "/nonexistent/scenario.yaml: cannot open file");
}

TEST(Loader, ReadsWebSocketRoutesInBothFormsAndEchoEndpoints) {
  const auto result = load_scenario_text(R"(
backends: {chat: {endpoints: [{match: GET /ws, websocket: echo}, {match: /x}]}}
gateway:
  listeners:
    - routes:
        - {match: {path: /ws}, backend: chat, websocket: {idle_timeout: 250ms}}
        - {match: {path: /ws2}, backend: chat, websocket: true}
        - {match: {path: /x}, backend: chat}
)");
  const auto& s = loaded(result);
  const auto& routes = s.gateway.listeners[0].routes;
  EXPECT_TRUE(routes[0].websocket.enabled);
  EXPECT_EQ(routes[0].websocket.idle_timeout, 250ms);
  EXPECT_TRUE(routes[1].websocket.enabled);
  EXPECT_EQ(routes[1].websocket.idle_timeout, 60s);
  EXPECT_FALSE(routes[2].websocket.enabled);
  EXPECT_EQ(s.backends[0].endpoints[0].websocket, endpoint_config::websocket_mode::echo);
  EXPECT_EQ(s.backends[0].endpoints[1].websocket, endpoint_config::websocket_mode::none);
}

}  // namespace
}  // namespace portico::core
