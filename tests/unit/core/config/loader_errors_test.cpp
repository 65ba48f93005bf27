#include "core/config/loader.hpp"

#include <gtest/gtest.h>

namespace portico::core {
namespace {

std::vector<std::string> errors_of(std::string_view yaml, const std::vector<std::string>& overrides = {}) {
  const auto result = load_scenario_text(yaml, "s.yaml", overrides);
  EXPECT_FALSE(result.scenario.has_value());
  std::vector<std::string> out;
  for (const auto& e : result.errors) out.push_back(e.to_string());
  return out;
}

using strings = std::vector<std::string>;

TEST(LoaderErrors, NamesAnUnknownKeyWithASuggestion) {
  EXPECT_EQ(errors_of("backends:\n  users:\n    instnaces: 3\n"),
            strings{"s.yaml:3:5: backends.users.instnaces: unknown key 'instnaces' (did you mean 'instances'?)"});
  EXPECT_EQ(errors_of("colour: red\n"), strings{"s.yaml:1:1: colour: unknown key 'colour'"});
}

TEST(LoaderErrors, ReportsWrongTypes) {
  EXPECT_EQ(errors_of("backends:\n  users:\n    instances: three\n"),
            strings{"s.yaml:3:16: backends.users.instances: expected an integer, got 'three'"});
  EXPECT_EQ(errors_of("backends: [a, b]\n"), strings{"s.yaml:1:11: backends: expected a mapping, got a sequence"});
  EXPECT_EQ(errors_of("load:\n  requests: {path: /}\n"), strings{"s.yaml:2:13: load.requests: expected a sequence, got a mapping"});
  EXPECT_EQ(errors_of("load: {insecure: yes}\n"), strings{"s.yaml:1:18: load.insecure: expected true or false, got 'yes'"});
  EXPECT_EQ(errors_of("load: {connections: \"8\"}\n"), strings{"s.yaml:1:21: load.connections: expected an integer, got '8'"});
}

TEST(LoaderErrors, ReportsBadUnits) {
  EXPECT_EQ(errors_of("phases: {measure: 10 s}\n"),
            strings{"s.yaml:1:19: phases.measure: expected a duration like 250ms, 10s, 2m, 1.5s (units ns us ms s m h), got '10 s'"});
  EXPECT_EQ(errors_of("load: {rate: 500}\n"), strings{"s.yaml:1:14: load.rate: expected a rate like 500/s or 30000/m, got '500'"});
  EXPECT_EQ(errors_of("gateway:\n  address: x:1\n  limits: {max_body_bytes: 4kb}\n"),
            strings{"s.yaml:3:28: gateway.limits.max_body_bytes: expected a size like 512, 4KiB, 1MiB or 10KB, got '4kb'"});
}

TEST(LoaderErrors, ReportsOutOfRangeValues) {
  EXPECT_EQ(errors_of("backends:\n  users: {instances: 0}\n"),
            strings{"s.yaml:2:22: backends.users.instances: must be between 1 and 1024 (got '0')"});
  EXPECT_EQ(errors_of("backends:\n  u:\n    endpoints: [{match: /, faults: {reset: 150%}}]\n"),
            strings{"s.yaml:3:44: backends.u.endpoints[0].faults.reset: must be between 0% and 100% (got '150%')"});
  EXPECT_EQ(errors_of("phases: {measure: 0s}\n"), strings{"s.yaml:1:19: phases.measure: must be greater than zero (got '0s')"});
}

TEST(LoaderErrors, ChecksAddressesAndUrls) {
  EXPECT_EQ(errors_of("backends: {b: {address: localhost}}\nload: {target: 127.0.0.1:80}\n"),
            (strings{"s.yaml:1:25: backends.b.address: expected host:port like 127.0.0.1:8080, got 'localhost'",
                     "s.yaml:2:16: load.target: expected a URL like http://127.0.0.1:8080, got '127.0.0.1:80'"}));
  EXPECT_EQ(errors_of("gateway: {admin: \"127.0.0.1:99999\", address: x:1}\n"),
            strings{"s.yaml:1:18: gateway.admin: expected host:port like 127.0.0.1:8080, got '127.0.0.1:99999'"});
}

TEST(LoaderErrors, AcceptsOnlyPlainHttpCollectorUrls) {
  EXPECT_EQ(errors_of("gateway:\n  address: x:1\n  tracing: {otlp_endpoint: \"https://127.0.0.1:4318\"}\n"),
            strings{"s.yaml:3:28: gateway.tracing.otlp_endpoint: expected http://IP:PORT or http://IP:PORT/PATH (no https), got "
                    "'https://127.0.0.1:4318'"});
  EXPECT_EQ(errors_of("gateway:\n  address: x:1\n  tracing: {zipkin_endpoint: \"http://collector/api\", batch_size: 0}\n"),
            (strings{"s.yaml:3:66: gateway.tracing.batch_size: must be between 1 and 65536 (got '0')",
                     "s.yaml:3:30: gateway.tracing.zipkin_endpoint: expected http://IP:PORT or http://IP:PORT/PATH (no https), got "
                     "'http://collector/api'"}));
}

TEST(LoaderErrors, ListsTheAllowedEnumValues) {
  EXPECT_EQ(errors_of("load: {model: opne}\n"),
            strings{"s.yaml:1:15: load.model: unknown value 'opne' (did you mean 'open'?); allowed: open, closed"});
}

TEST(LoaderErrors, ReportsDanglingReferences) {
  const auto errors = errors_of(R"(backends:
  users: {}
gateway:
  upstreams: {user: {connect_timeout: 1s}}
  listeners:
    - routes:
        - backend: usres
        - backends: [{backend: orders}]
        - aggregate: {a: {backend: nope, path: /}}
events:
  - {at: 1s, action: fail, backend: ghost}
)");
  EXPECT_EQ(errors, (strings{
                        "s.yaml:7:20: gateway.listeners[0].routes[0].backend: unknown backend 'usres' (did you mean 'users'?)",
                        "s.yaml:8:32: gateway.listeners[0].routes[1].backends[0].backend: unknown backend 'orders'",
                        "s.yaml:9:36: gateway.listeners[0].routes[2].aggregate.a.backend: unknown backend 'nope'",
                        "s.yaml:4:15: gateway.upstreams.user: unknown backend 'user' (did you mean 'users'?)",
                        "s.yaml:11:37: events[0].backend: unknown backend 'ghost'",
                    }));
}

TEST(LoaderErrors, ReportsDuplicateNames) {
  const auto errors = errors_of(R"(backends:
  a: {}
  a: {}
gateway:
  listeners:
    - {name: x, routes: [{name: r, backend: a}]}
    - {name: x, routes: [{name: r, backend: a}]}
)");
  EXPECT_EQ(errors, (strings{
                        "s.yaml:3:3: backends.a: duplicate backend name 'a'",
                        "s.yaml:7:14: gateway.listeners[1].name: duplicate listener name 'x'",
                        "s.yaml:7:33: gateway.listeners[1].routes[0].name: duplicate route name 'r'",
                    }));
}

TEST(LoaderErrors, ReportsYamlSyntaxErrorsWithTheirPosition) {
  EXPECT_EQ(errors_of("name: [a, b\nseed: 1\n"), strings{"s.yaml:2:5: YAML syntax error: end of sequence flow not found"});
}

TEST(LoaderErrors, CollectsEveryErrorNotJustTheFirst) {
  const auto errors = errors_of(R"(backends:
  users: {instances: 0, capacity: {workers: -1}}
load: {model: closed, connections: lots}
phases: {warmup: soon}
thresholds: [p99 < fast]
)");
  EXPECT_EQ(errors, (strings{
                        "s.yaml:2:22: backends.users.instances: must be between 1 and 1024 (got '0')",
                        "s.yaml:2:45: backends.users.capacity.workers: must be at least 0 (got '-1')",
                        "s.yaml:3:36: load.connections: expected an integer, got 'lots'",
                        "s.yaml:4:18: phases.warmup: expected a duration like 250ms, 10s, 2m, 1.5s (units ns us ms s m h), got 'soon'",
                        "s.yaml:5:14: thresholds[0]: expected a duration after the operator, like 50ms, got 'fast'",
                    }));
}

TEST(LoaderErrors, ChecksCrossFieldRules) {
  const auto errors = errors_of(R"(backends:
  b: {instances: 2, endpoints: [{match: /, latency: {lognormal: {p50: 9ms, p99: 3ms}}}]}
gateway:
  listeners: [{routes: [{match: {path: /}}]}]
load: {rate: 1/s, schedule: [{hold: 1s}]}
events: [{at: 1s, action: fail, backend: b, instance: 2}, {at: 2s, action: reload}]
)");
  EXPECT_EQ(errors, (strings{
                        "s.yaml:2:81: backends.b.endpoints[0].latency.lognormal.p99: must be greater than p50",
                        "s.yaml:4:25: gateway.listeners[0].routes[0]: needs backend, backends, aggregate or compose",
                        "s.yaml:5:14: load.rate: give either rate or schedule, not both",
                        "s.yaml:5:30: load.schedule[0]: the first stage cannot hold: there is no previous rate",
                        "s.yaml:6:55: events[0].instance: backend 'b' has 2 instance(s), numbered from 0",
                        "s.yaml:6:59: events[1].file: reload needs file",
                    }));
}

TEST(LoaderErrors, RejectsAnUnknownThresholdRoute) {
  EXPECT_EQ(errors_of("backends: {b: {}}\ngateway: {listeners: [{routes: [{name: api, backend: b}]}]}\n"
                      "thresholds: [route(apu).p99 < 5ms]\n"),
            strings{"s.yaml:3:14: thresholds[0]: unknown route 'apu' (did you mean 'api'?)"});
}

TEST(LoaderErrors, RefusesInputNestedTooDeeply) {
  const std::string deep = "name: " + std::string(100, '[') + std::string(100, ']') + "\n";
  EXPECT_EQ(errors_of(deep), strings{"s.yaml:1:1: nested too deeply (more than 64 levels)"});
}

TEST(LoaderErrors, SurvivesRecursiveAliases) {
  const auto errors = errors_of("backends: &a {x: *a}\n");
  ASSERT_FALSE(errors.empty());
}

TEST(LoaderErrors, RefusesWebSocketOnRoutesThatAnswerThemselves) {
  EXPECT_EQ(errors_of("backends: {b: {}}\n"
                      "gateway: {listeners: [{routes: [{backend: b, cache: {}, websocket: true}]}]}\n"),
            strings{"s.yaml:2:68: gateway.listeners[0].routes[0].websocket: a WebSocket route forwards to backend(s): not with "
                    "aggregate, compose, cache or shape"});
  EXPECT_EQ(errors_of("backends: {b: {endpoints: [{match: /, websocket: mirror}]}}\n").size(), 1u);
  EXPECT_EQ(errors_of("backends: {b: {}}\n"
                      "gateway: {listeners: [{routes: [{backend: b, websocket: {idle_timeout: 0s}}]}]}\n")
                .size(),
            1u);
}

}  // namespace
}  // namespace portico::core

namespace portico::core {
namespace {

TEST(LoaderErrors, ChecksJwksSources) {
  const std::string head = "backends: {b: {}}\ngateway:\n  listeners:\n    - routes:\n        - backend: b\n          auth:\n";
  EXPECT_EQ(errors_of(head + "            jwt: {issuers: [{algorithms: [RS256], jwks_url: \"https://idp/jwks\"}]}\n"),
            strings{"s.yaml:7:61: gateway.listeners[0].routes[0].auth.jwt.issuers[0].jwks_url: https is not supported (the gateway has no TLS client); use http://IP:PORT/PATH or BACKEND/PATH"});
  EXPECT_EQ(errors_of(head + "            jwt: {issuers: [{algorithms: [RS256], jwks_url: idp, jwks_min_refresh: 0s}]}\n"),
            (strings{"s.yaml:7:84: gateway.listeners[0].routes[0].auth.jwt.issuers[0].jwks_min_refresh: must be greater than zero (got '0s')",
                     "s.yaml:7:61: gateway.listeners[0].routes[0].auth.jwt.issuers[0].jwks_url: expected http://IP:PORT/PATH or BACKEND/PATH, got 'idp'"}));
  EXPECT_EQ(errors_of(head + "            jwt: {issuers: [{algorithms: [RS256], jwks_url: \"b/jwks\", jwks_file: k.json}]}\n"),
            strings{"s.yaml:7:29: gateway.listeners[0].routes[0].auth.jwt.issuers[0]: give jwks_file or jwks_url, not both"});
  EXPECT_EQ(errors_of("backends:\n  b: {endpoints: [{match: /, body: {file: k.json, text: x}}]}\n"), strings{"s.yaml:2:36: backends.b.endpoints[0].body: file stands alone: no json, text or size"});
}

}  // namespace
}  // namespace portico::core
