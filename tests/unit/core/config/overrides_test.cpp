#include "core/config/loader.hpp"

#include <gtest/gtest.h>

namespace portico::core {
namespace {

using namespace std::chrono_literals;
using strings = std::vector<std::string>;

constexpr const char* base = R"(backends:
  users: {instances: 2}
  orders: {}
gateway:
  listeners:
    - routes:
        - {backend: users, lb: least_request, rate_limit: {algorithm: token_bucket, rate: 100/s}}
load: {connections: 8}
)";

strings messages(const load_result& r) {
  strings out;
  for (const auto& e : r.errors) out.push_back(e.to_string());
  return out;
}

TEST(Overrides, SetScalarsDeepInTheTree) {
  const auto r = load_scenario_text(base, "s.yaml",
                                    {"load.connections=64", "gateway.listeners[0].routes[0].rate_limit.algorithm=fixed_window",
                                     "gateway.listeners[0].routes[0].lb=p2c", "phases.measure=3s"});
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(messages(r));
  EXPECT_EQ(r.scenario->load.connections, 64);
  const auto& route = r.scenario->gateway.listeners[0].routes[0];
  EXPECT_EQ(route.rate_limit->algo, rate_limit_config::algorithm::fixed_window);
  EXPECT_EQ(route.lb.algorithm, lb_algorithm::p2c);
  EXPECT_EQ(r.scenario->phases.measure, 3s);  // a missing section is created
}

TEST(Overrides, ParseValuesAsYamlFlow) {
  const auto r = load_scenario_text(base, "s.yaml",
                                    {"gateway.listeners[0].routes[0].rate_limit.key=[api_key, client_ip]",
                                     "gateway.listeners[0].routes[0].rewrite={strip_prefix: /api, add_prefix: /v2}"});
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(messages(r));
  const auto& route = r.scenario->gateway.listeners[0].routes[0];
  EXPECT_EQ(route.rate_limit->key, (strings{"api_key", "client_ip"}));
  EXPECT_EQ(route.rewrite.strip_prefix, "/api");
  EXPECT_EQ(route.rewrite.add_prefix, "/v2");
}

TEST(Overrides, NameTheOverrideInErrors) {
  const auto r = load_scenario_text(base, "s.yaml",
                                    {"gateway.listeners[3].name=x", "load.connections", "load..x=1", "load.connections=many",
                                     "load.conections=1", "load.connections[0]=1"});
  EXPECT_EQ(messages(r), (strings{
                             "s.yaml: override 'gateway.listeners[3].name=x': index 3 is out of range: 'gateway.listeners' has 1 item(s)",
                             "s.yaml: override 'load.connections': expected PATH=VALUE",
                             "s.yaml: override 'load..x=1': bad path 'load..x' (expected keys joined by '.', items as [N], e.g. "
                             "gateway.listeners[0].name)",
                             "s.yaml: override 'load.connections[0]=1': 'load.connections' is not a sequence",
                             "s.yaml: load.connections: expected an integer, got 'many' (set by override 'load.connections=many')",
                             "s.yaml: load.conections: unknown key 'conections' (did you mean 'connections'?) (set by override "
                             "'load.conections=1')",
                         }));
}

TEST(Variants, ExpandAMatrixAsACartesianProduct) {
  const std::string yaml = std::string(base) + R"(variants:
  matrix:
    gateway.listeners[0].routes[0].lb: [round_robin, p2c]
    gateway.listeners[0].routes[0].rate_limit.algorithm: [token_bucket, sliding_window, leaky_bucket]
)";
  const auto r = load_scenario_text(yaml, "s.yaml");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(messages(r));
  const auto& v = r.scenario->variants;
  ASSERT_EQ(v.size(), 6u);
  EXPECT_EQ(v[0].name, "lb=round_robin,algorithm=token_bucket");
  EXPECT_EQ(v[1].name, "lb=round_robin,algorithm=sliding_window");
  EXPECT_EQ(v[5].name, "lb=p2c,algorithm=leaky_bucket");
  EXPECT_EQ(v[5].overrides.at("gateway.listeners[0].routes[0].lb"), "p2c");
  EXPECT_EQ(v[5].overrides.at("gateway.listeners[0].routes[0].rate_limit.algorithm"), "leaky_bucket");
}

TEST(Variants, ReadNamedListsAndNamedPlusMatrix) {
  const std::string list = std::string(base) + R"(variants:
  - {name: rr, set: {"gateway.listeners[0].routes[0].lb": round_robin}}  # [ ] in flow: quote
  - name: wide
    set:
      load.connections: 128
      gateway.listeners[0].routes[0].rate_limit.key: [client_ip, "header:X-A"]
)";
  const auto r = load_scenario_text(list, "s.yaml");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(messages(r));
  ASSERT_EQ(r.scenario->variants.size(), 2u);
  EXPECT_EQ(r.scenario->variants[1].overrides.at("gateway.listeners[0].routes[0].rate_limit.key"), "[client_ip, \"header:X-A\"]");
  const auto variant = load_scenario_text(list, "s.yaml",
                                          {"gateway.listeners[0].routes[0].rate_limit.key=[client_ip, \"header:X-A\"]"});
  EXPECT_TRUE(variant.ok()) << ::testing::PrintToString(messages(variant));

  const std::string both = std::string(base) + "variants: {named: [{name: base}], matrix: {load.connections: [1, 2]}}\n";
  const auto r2 = load_scenario_text(both, "s.yaml");
  ASSERT_TRUE(r2.ok()) << ::testing::PrintToString(messages(r2));
  ASSERT_EQ(r2.scenario->variants.size(), 3u);
  EXPECT_EQ(r2.scenario->variants[2].name, "connections=2");
}

TEST(Variants, ValidateEachVariantAndNameItInErrors) {
  const std::string yaml = std::string(base) + R"(variants:
  matrix:
    gateway.listeners[0].routes[0].lb: [round_robin, fastest]
)";
  EXPECT_EQ(messages(load_scenario_text(yaml, "s.yaml")),
            strings{"s.yaml: gateway.listeners[0].routes[0].lb: variant 'lb=fastest': unknown value 'fastest'; allowed: "
                    "round_robin, weighted_round_robin, least_request, p2c, random, ring_hash, maglev (set by override "
                    "'gateway.listeners[0].routes[0].lb=fastest')"});
}

TEST(Thresholds, ParseEveryMetricOperatorAndScope) {
  const auto r = load_scenario_text(R"(backends: {b: {}}
gateway: {listeners: [{routes: [{name: users, backend: b}]}]}
thresholds:
  - p99 < 50ms
  - "mean<=2.5ms"
  - error_rate < 1%
  - throughput >= 900/s
  - route(users).p9999 > 1ms
  - max < 1s
)");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(messages(r));
  const auto& t = r.scenario->thresholds;
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[0].metric, "p99");
  EXPECT_EQ(t[0].compare, threshold_config::op::lt);
  EXPECT_DOUBLE_EQ(t[0].value, 50e6);
  EXPECT_EQ(t[0].text, "p99 < 50ms");
  EXPECT_EQ(t[0].where.line, 4);
  EXPECT_EQ(t[0].where.column, 5);
  EXPECT_EQ(t[1].compare, threshold_config::op::le);
  EXPECT_DOUBLE_EQ(t[1].value, 2.5e6);
  EXPECT_DOUBLE_EQ(t[2].value, 0.01);
  EXPECT_EQ(t[3].compare, threshold_config::op::ge);
  EXPECT_DOUBLE_EQ(t[3].value, 900);
  EXPECT_EQ(t[4].scope, "users");
  EXPECT_EQ(t[4].metric, "p9999");
  EXPECT_EQ(t[4].compare, threshold_config::op::gt);
  EXPECT_EQ(t[5].metric, "max");
}

TEST(Thresholds, RejectMalformedOnesWithAReason) {
  const auto r = load_scenario_text("thresholds: [p98 < 5ms, p99 = 5ms, error_rate < 5ms, throughput > 5, \"route(x.p99 < 1ms\"]\n",
                                    "s.yaml");
  EXPECT_EQ(messages(r), (strings{
                             "s.yaml:1:14: thresholds[0]: unknown metric 'p98' (did you mean 'p90'?); allowed: p50 p75 p90 p99 "
                             "p999 p9999 max mean error_rate throughput",
                             "s.yaml:1:25: thresholds[1]: expected METRIC < VALUE (or <=, >, >=)",
                             "s.yaml:1:36: thresholds[2]: expected a percentage after the operator, like 1%, got '5ms'",
                             "s.yaml:1:54: thresholds[3]: expected a rate after the operator, like 900/s, got '5'",
                             "s.yaml:1:70: thresholds[4]: expected route(NAME).METRIC",
                         }));
}

}  // namespace
}  // namespace portico::core
