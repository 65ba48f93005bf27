// `portico run` end to end on loopback: a tiny scenario (short phases, low rate) through mock
// backends and the gateway, checked through the files it writes and its exit codes.
#include "core/results/results_json.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/scratch_files.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace {

// portico ARGS... -> exit code and stdout + stderr together (the tests look for lines in either).
struct output {
  int exit_code;
  std::string text;
};
output run_portico(std::vector<std::string> args) {
  const auto r = portico::testing::run_cli(std::move(args));
  return {r.exit_code, r.out + r.err};
}

// 150 requests/s for 1 s through the gateway to two mock instances.
std::string tiny_scenario(const std::string& extra = "") {
  return R"(name: tiny
seed: 7
backends:
  users:
    instances: 2
    endpoints:
      - match: GET /users/{id}
        latency: 1ms
        body: {json: {id: "{id}"}}
gateway:
  listeners:
    - name: public
      routes:
        - name: users
          match: {path_prefix: /users}
          backend: users
load:
  rate: 150/s
  connections: 4
  requests:
    - {method: GET, path: "/users/{int:1..50}"}
phases: {warmup: 0s, measure: 1s, drain: 2s}
)" + extra;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const portico::core::component_result* find_component(const portico::core::phase_result& phase, const std::string& kind,
                                                      const std::string& name) {
  for (const auto& c : phase.components)
    if (c.kind == kind && c.name == name) return &c;
  return nullptr;
}

TEST(RunCli, RunsTheScenarioThroughTheGatewayAndWritesEveryReport) {
  const auto dir = portico::testing::scratch_directory("run-ok");
  const auto file = portico::testing::write_file(dir / "tiny.yaml", tiny_scenario("thresholds: [error_rate < 1%]\n"));
  const auto out = dir / "out";
  const auto r = run_portico({"run", file, "--out", out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.text;
  EXPECT_NE(r.text.find("report: " + (out / "report.html").string()), std::string::npos) << r.text;

  std::string error;
  const auto run = portico::core::read_results_file((out / "results.json").string(), &error);
  ASSERT_TRUE(run) << error;
  EXPECT_EQ(run->scenario, "tiny");
  ASSERT_EQ(run->variants.size(), 1u);
  const auto& variant = run->variants[0];
  EXPECT_EQ(variant.name, "baseline");
  ASSERT_EQ(variant.phases.size(), 1u);  // no warm-up phase when warmup is 0
  const auto& measure = variant.phases[0];
  EXPECT_GE(measure.overall.counts.completed, 140u);
  EXPECT_EQ(measure.overall.counts.status.at(200), measure.overall.counts.completed);
  // Both mock instances served (the gateway balanced), and the route saw every request.
  const auto* users0 = find_component(measure, "mock", "users#0");
  const auto* users1 = find_component(measure, "mock", "users#1");
  ASSERT_TRUE(users0 && users1);
  EXPECT_GT(users0->counters.at("requests"), 0);
  EXPECT_GT(users1->counters.at("requests"), 0);
  ASSERT_EQ(variant.thresholds.size(), 1u);
  EXPECT_TRUE(variant.thresholds[0].passed);

  EXPECT_NE(read_all((out / "report.html").string()).find("<svg"), std::string::npos);
  EXPECT_NE(read_all((out / "summary.md").string()).find("tiny"), std::string::npos);
  EXPECT_NE(read_all((out / "junit.xml").string()).find("<testcase"), std::string::npos);
}

TEST(RunCli, ExitsOneWhenAThresholdFails) {
  const auto dir = portico::testing::scratch_directory("run-threshold");
  // Every response takes >= 1 ms at the backend, so p50 under 1 µs cannot hold.
  const auto file = portico::testing::write_file(dir / "tiny.yaml", tiny_scenario("thresholds: [p50 < 1us]\n"));
  const auto r = run_portico({"run", file, "--quiet", "--out", (dir / "out").string()});
  EXPECT_EQ(r.exit_code, 1) << r.text;
  const auto run = portico::core::read_results_file((dir / "out" / "results.json").string());
  ASSERT_TRUE(run);
  ASSERT_EQ(run->variants.at(0).thresholds.size(), 1u);
  EXPECT_FALSE(run->variants[0].thresholds[0].passed);
  EXPECT_GT(run->variants[0].thresholds[0].actual, 1000.0);
}

TEST(RunCli, RunsEachMatrixVariantUnderTheSameLoadAndAppliesTimedEvents) {
  const auto dir = portico::testing::scratch_directory("run-variants");
  const auto file = portico::testing::write_file(
      dir / "tiny.yaml", tiny_scenario("events:\n  - {at: 300ms, action: fail, backend: users, instance: 1}\n"
                                       "variants:\n  matrix:\n    gateway.listeners[0].routes[0].lb: [round_robin, p2c]\n"));
  const auto r = run_portico({"run", file, "--quiet", "--out", (dir / "out").string()});
  ASSERT_NE(r.exit_code, 2) << r.text;
  const auto run = portico::core::read_results_file((dir / "out" / "results.json").string());
  ASSERT_TRUE(run) << r.text;
  ASSERT_EQ(run->variants.size(), 2u);
  for (const auto& v : run->variants) {
    SCOPED_TRACE(v.name);
    ASSERT_EQ(v.events.size(), 1u);
    EXPECT_NE(v.events[0].what.find("users#1 failing"), std::string::npos) << v.events[0].what;
    const auto* failed = find_component(v.phases.at(0), "mock", "users#1");
    ASSERT_TRUE(failed);
    EXPECT_GT(failed->counters.at("status_5xx"), 0);
    // Identical seeded load: the same number of requests was sent in both variants.
    EXPECT_EQ(v.phases.at(0).overall.counts.sent, run->variants[0].phases.at(0).overall.counts.sent);
  }
  EXPECT_EQ(run->variants[0].name, "lb=round_robin");
  EXPECT_EQ(run->variants[1].name, "lb=p2c");
}

TEST(RunCli, RunsMocksAndGatewayAsChildProcessesWithEventsThroughTheAdminApi) {
  const auto dir = portico::testing::scratch_directory("run-processes");
  const auto file = portico::testing::write_file(
      dir / "tiny.yaml", tiny_scenario("events:\n  - {at: 300ms, action: fail, backend: users, instance: 0}\n"));
  const auto r = run_portico({"run", file, "--processes", "--quiet", "--out", (dir / "out").string()});
  ASSERT_NE(r.exit_code, 2) << r.text;
  const auto run = portico::core::read_results_file((dir / "out" / "results.json").string());
  ASSERT_TRUE(run) << r.text;
  const auto& v = run->variants.at(0);
  EXPECT_GE(v.phases.at(0).overall.counts.completed, 140u);
  ASSERT_EQ(v.events.size(), 1u);
  EXPECT_NE(v.events[0].what.find("/admin/backends/users/instances/0/fail ok"), std::string::npos) << v.events[0].what;
  const auto* failed = find_component(v.phases.at(0), "mock", "users#0");
  ASSERT_TRUE(failed);
  EXPECT_GT(failed->counters.at("status_5xx"), 0);
  EXPECT_GT(failed->counters.at("requests"), 0);
}

// With --processes the gateway is a child too: its own counters (overall, routes, backends,
// limiters), its health transitions and a reload event reach results.json as they do in process.
TEST(RunCli, RunsTheGatewayAsAChildProcessWithItsCountersHealthTransitionsAndReloads) {
  const auto dir = portico::testing::scratch_directory("run-processes-gateway");
  auto base = tiny_scenario("events:\n  - {at: 300ms, action: unhealthy, backend: users, instance: 1}\n"
                            "  - {at: 600ms, action: reload, file: v2.yaml}\n");
  base.replace(base.find("  listeners:\n"), 13,
               "  upstreams:\n    users: {health_check: {interval: 50ms, timeout: 200ms, unhealthy_threshold: 2}}\n  listeners:\n");
  base.replace(base.find("          backend: users\n"), 25,
               "          backend: users\n          rate_limit: {algorithm: token_bucket, rate: 50/s, burst: 5}\n");
  auto v2 = base;  // an unrelated change: the limiter keeps its state across the reload
  v2.replace(v2.find("          backend: users\n"), 25, "          backend: users\n          timeout: 3s\n");
  portico::testing::write_file(dir / "v2.yaml", v2);
  const auto file = portico::testing::write_file(dir / "v1.yaml", base);
  const auto r = run_portico({"run", file, "--processes", "--quiet", "--out", (dir / "out").string()});
  ASSERT_NE(r.exit_code, 2) << r.text;
  const auto run = portico::core::read_results_file((dir / "out" / "results.json").string());
  ASSERT_TRUE(run) << r.text;
  const auto& v = run->variants.at(0);
  const auto& phase = v.phases.at(0);
  const auto* overall = find_component(phase, "gateway", "overall");
  const auto* route = find_component(phase, "route", "users");
  const auto* limiter = find_component(phase, "limiter", "users");
  const auto* sick = find_component(phase, "backend", "users#1");
  ASSERT_TRUE(overall && route && limiter && sick) << r.text;
  EXPECT_EQ(overall->counters.at("requests"), static_cast<double>(phase.overall.counts.completed));
  EXPECT_EQ(route->counters.at("requests"), static_cast<double>(phase.overall.counts.completed));
  EXPECT_GT(limiter->counters.at("allowed"), 40);
  EXPECT_EQ(limiter->counters.at("denied"), static_cast<double>(phase.overall.counts.status.at(429)));
  EXPECT_EQ(sick->counters.at("healthy"), 0);
  EXPECT_EQ(sick->counters.at("became_unhealthy"), 1);
  ASSERT_TRUE(find_component(phase, "mock", "users#0"));  // the mocks' counters as before

  std::vector<std::string> texts;
  for (const auto& e : v.events) texts.push_back(e.source + ": " + e.what);
  auto logged = [&](const std::string& part) {
    return std::any_of(texts.begin(), texts.end(), [&](const std::string& t) { return t.find(part) != std::string::npos; });
  };
  EXPECT_TRUE(logged("gateway: users#1 unhealthy (active health check)")) << ::testing::PrintToString(texts);
  EXPECT_TRUE(logged("v2.yaml (generation 2); public/users: rate-limit state kept")) << ::testing::PrintToString(texts);
}

TEST(RunCli, ReloadsTheGatewayAtAnOffsetWithoutFailingRequests) {
  const auto dir = portico::testing::scratch_directory("run-reload");
  // Two backends; the route starts on users and the reloaded config sends it to "canary".
  const std::string canary = "  canary:\n    endpoints:\n      - match: GET /users/{id}\n        latency: 1ms\n";
  auto base = tiny_scenario("events:\n  - {at: 400ms, action: reload, file: v2.yaml}\nthresholds: [error_rate < 0.1%]\n");
  base.insert(base.find("gateway:"), canary);
  auto v2 = base;
  v2.replace(v2.find("backend: users"), 14, "backend: canary");
  portico::testing::write_file(dir / "v2.yaml", v2);
  const auto file = portico::testing::write_file(dir / "v1.yaml", base);
  const auto r = run_portico({"run", file, "--quiet", "--out", (dir / "out").string()});
  EXPECT_EQ(r.exit_code, 0) << r.text;
  const auto run = portico::core::read_results_file((dir / "out" / "results.json").string());
  ASSERT_TRUE(run) << r.text;
  const auto& v = run->variants.at(0);
  ASSERT_EQ(v.events.size(), 1u);
  EXPECT_NE(v.events[0].what.find("reload ok"), std::string::npos) << v.events[0].what;
  const auto& phase = v.phases.at(0);
  EXPECT_EQ(phase.overall.counts.errors, 0u);
  const auto* before = find_component(phase, "mock", "users#0");
  const auto* after = find_component(phase, "mock", "canary#0");
  ASSERT_TRUE(before && after);
  EXPECT_GT(before->counters.at("requests"), 0);
  EXPECT_GT(after->counters.at("requests"), 0);
}

TEST(RunCli, ReportsTheLimitersAllowAndDenyCountsAsAComponent) {
  const auto dir = portico::testing::scratch_directory("run-limiter");
  auto yaml = tiny_scenario();
  yaml.replace(yaml.find("          backend: users\n"), 25,
               "          backend: users\n          rate_limit: {algorithm: token_bucket, rate: 50/s, burst: 5, key: route}\n");
  const auto file = portico::testing::write_file(dir / "limited.yaml", yaml);
  const auto r = run_portico({"run", file, "--quiet", "--out", (dir / "out").string()});
  ASSERT_NE(r.exit_code, 2) << r.text;
  const auto run = portico::core::read_results_file((dir / "out" / "results.json").string());
  ASSERT_TRUE(run) << r.text;
  const auto& phase = run->variants.at(0).phases.at(0);
  const auto* limiter = find_component(phase, "limiter", "users");
  ASSERT_TRUE(limiter);
  // 150/s offered for 1 s against 50/s with a burst of 5: about 55 allowed, the rest denied.
  EXPECT_GT(limiter->counters.at("allowed"), 40);
  EXPECT_LT(limiter->counters.at("allowed"), 70);
  EXPECT_EQ(limiter->counters.at("denied"), static_cast<double>(phase.overall.counts.status.at(429)));
}

TEST(RunCli, LogsTheGatewaysHealthTransitionsAfterTheEventThatCausedThem) {
  const auto dir = portico::testing::scratch_directory("run-health");
  auto yaml = tiny_scenario("events:\n  - {at: 300ms, action: unhealthy, backend: users, instance: 1}\n");
  yaml.replace(yaml.find("  listeners:\n"), 13,
               "  upstreams:\n    users: {health_check: {interval: 50ms, timeout: 200ms, unhealthy_threshold: 2}}\n  listeners:\n");
  const auto file = portico::testing::write_file(dir / "health.yaml", yaml);
  const auto r = run_portico({"run", file, "--quiet", "--out", (dir / "out").string()});
  ASSERT_NE(r.exit_code, 2) << r.text;
  EXPECT_EQ(r.text.find("does not send active probes"), std::string::npos) << r.text;
  const auto run = portico::core::read_results_file((dir / "out" / "results.json").string());
  ASSERT_TRUE(run) << r.text;
  const auto& v = run->variants.at(0);
  ASSERT_EQ(v.events.size(), 2u);
  EXPECT_EQ(v.events[0].source, "runner");
  EXPECT_EQ(v.events[1].source, "gateway");
  EXPECT_EQ(v.events[1].what, "users#1 unhealthy (active health check)");
  EXPECT_GT(v.events[1].at_ns, v.events[0].at_ns);
  EXPECT_LT(v.events[1].at_ns - v.events[0].at_ns, 1'000'000'000);
  const auto* sick = find_component(v.phases.at(0), "backend", "users#1");
  ASSERT_TRUE(sick);
  EXPECT_EQ(sick->counters.at("healthy"), 0);
  EXPECT_EQ(sick->counters.at("became_unhealthy"), 1);
  EXPECT_GT(sick->counters.at("health_probes"), 2);
}

TEST(RunCli, RejectsABadScenarioWithPositionsAndExitsTwo) {
  const auto dir = portico::testing::scratch_directory("run-bad");
  const auto file = portico::testing::write_file(dir / "bad.yaml", tiny_scenario("thresholds: [p99 < soon]\n"));
  const auto r = run_portico({"run", file, "--out", (dir / "out").string()});
  EXPECT_EQ(r.exit_code, 2) << r.text;
  EXPECT_NE(r.text.find(file + ":"), std::string::npos) << r.text;
  EXPECT_FALSE(std::filesystem::exists(dir / "out" / "results.json"));
}

TEST(RunCli, RejectsAnUnknownVariantNamingTheKnownOnes) {
  const auto dir = portico::testing::scratch_directory("run-variant-name");
  const auto file = portico::testing::write_file(
      dir / "tiny.yaml", tiny_scenario("variants:\n  - {name: rr, set: {\"gateway.listeners[0].routes[0].lb\": round_robin}}\n"));
  const auto r = run_portico({"run", file, "--variant", "nope"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.text.find("no such variant (the scenario has: rr)"), std::string::npos) << r.text;
}

}  // namespace
