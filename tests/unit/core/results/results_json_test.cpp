#include "core/results/results_json.hpp"

#include "core/results/json_exact.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>

namespace portico::core {
namespace {

latency_summary latency(std::int64_t base) {
  latency_summary s;
  s.count = 123'456'789'012ULL;
  s.out_of_range = 3;
  s.min_ns = base;
  s.max_ns = INT64_MAX;
  s.mean_ns = 1234.5678901234567;
  s.stddev_ns = 0.1 + 0.2;  // 0.30000000000000004
  s.percentiles = {{50, base}, {99.9, base * 7}, {99.99, base * 9}, {100, INT64_MAX}};
  s.histogram = "HISTFAAAACl4nJNpmSzMwMDAyQABzFCaEURcm7yEwf4DROA8/4I5jNM7mJgAjtkHzg==";
  return s;
}

run_result rich_run() {
  run_result run;
  run.tool_version = "0.1.0";
  run.scenario = "limiter-shootout";
  run.scenario_file = "scenarios/limiter_shootout.yaml";
  run.seed = UINT64_MAX;
  run.started_at = "2026-11-22T08:00:00Z";
  run.environment = {{"host", "ci-1"}, {"cores", "2"}, {"kernel", "6.1 \"quoted\" \\ \u00e9"}};
  variant_result variant;
  variant.name = "token_bucket";
  variant.overrides = {{"gateway.listeners[0].routes[0].rate_limit.algorithm", "token_bucket"}};
  phase_result phase;
  phase.name = "measure";
  phase.duration_ns = 30'000'000'000;
  phase.model = "open";
  phase.connections = 64;
  phase.intended_rate = 2000;
  phase.achieved_rate = 1999.9666666666667;
  phase.throughput = 1e-300;
  phase.late_sends = 12;
  phase.max_send_lag_ns = INT64_MIN;
  phase.overall.name = "overall";
  phase.overall.counts = {60000, 59990, 10, {{"timeout", 7}, {"connect", 3}}, {{"connect", "Connection refused \"quoted\""}}, {{200, 59000}, {503, 990}}};
  phase.overall.corrected = latency(1'000'000);
  phase.overall.uncorrected = latency(900'000);
  phase.requests = {phase.overall, phase.overall};
  phase.requests[1].name = "GET /api/dashboard/{id}";
  phase.components = {{"route", "users", {{"requests", 1200}, {"ratio", 2.0 / 3.0}}, latency(5)},
                      {"limiter", "token_bucket", {{"denied", 0}}, {}}};
  phase.timeline = {{0, 10, 9, 1, 0, 1, 2, 3, 4}, {1, 20, 19, 1, 2, 5, 6, 7, 8}};
  variant.phases = {phase, phase};
  variant.phases[0].name = "warmup";
  variant.thresholds = {{"p99 < 50ms", "overall", 48'123'456.789, true}, {"error_rate < 1%", "overall", 0.0167, false}};
  variant.events = {{5'000'000'000, "users#1", "ejected"}, {-1, "runner", "reload ok"}};
  run.variants = {variant, variant};
  run.variants[1].name = "leaky_bucket";
  run.capacity = {{{"p99 < 50ms"}, {{100, 99.5, 0.001, 1, 2, true}, {200, 150, 0.2, 3, 4, false}}, 100}};
  return run;
}

TEST(ResultsJson, RoundTripsARichRunExactly) {
  const auto run = rich_run();
  for (const bool pretty : {true, false}) {
    std::string error;
    const auto back = read_results_json(write_results_json(run, pretty), &error);
    ASSERT_TRUE(back) << error;
    EXPECT_EQ(*back, run);
  }
  EXPECT_NE(write_results_json(run).find("\"schema\": \"portico.results/v1\""), std::string::npos);
}

TEST(ResultsJson, RoundTripsEveryDoubleBitForBit) {
  std::mt19937_64 rng(17);
  run_result run;
  run.variants.resize(1);
  run.variants[0].phases.resize(1);
  auto& components = run.variants[0].phases[0].components;
  components.resize(1);
  auto& counters = components[0].counters;
  for (int i = 0; i < 20000; ++i) {
    double d = std::bit_cast<double>(rng());
    if (!std::isfinite(d)) continue;
    if (i % 2 == 0) d = std::uniform_real_distribution<double>(0, 1e6)(rng);
    counters["c" + std::to_string(i)] = d;
  }
  counters["denormal"] = 4.9406564584124654e-324;
  counters["max"] = 1.7976931348623157e308;
  counters["negative_zero"] = -0.0;
  const auto back = read_results_json(write_results_json(run, false));
  ASSERT_TRUE(back);
  const auto& read = back->variants[0].phases[0].components[0].counters;
  ASSERT_EQ(read.size(), counters.size());
  for (const auto& [key, value] : counters)
    ASSERT_EQ(std::bit_cast<std::uint64_t>(read.at(key)), std::bit_cast<std::uint64_t>(value)) << key;
}

TEST(ResultsJson, RejectsAMissingOrForeignSchemaClearly) {
  std::string error;
  EXPECT_FALSE(read_results_json(R"({"scenario": "x"})", &error));
  EXPECT_EQ(error, "schema: missing; expected \"portico.results/v1\"");
  EXPECT_FALSE(read_results_json(R"({"schema": "portico.results/v2"})", &error));
  EXPECT_EQ(error, "schema: \"portico.results/v2\" is not supported; expected \"portico.results/v1\"");
  EXPECT_FALSE(read_results_json("[1, 2", &error));
  EXPECT_EQ(error.rfind("results.json: not valid JSON", 0), 0u) << error;
}

TEST(ResultsJson, NamesTheJsonPathOfAWrongType) {
  struct bad_case {
    const char* json;
    const char* error;
  };
  const bad_case cases[] = {
      {R"({"schema":"portico.results/v1","variants":[{"phases":[{"overall":{"counts":{"sent":"many"}}}]}]})",
       "variants[0].phases[0].overall.counts.sent: expected an integer"},
      {R"({"schema":"portico.results/v1","seed":-1})", "seed: integer out of range"},
      {R"({"schema":"portico.results/v1","variants":[{},{"phases":[{"connections":1.5}]}]})",
       "variants[1].phases[0].connections: expected an integer"},
      {R"({"schema":"portico.results/v1","variants":[{"phases":[{"overall":{"counts":{"status":{"2xx":1}}}}]}]})",
       "variants[0].phases[0].overall.counts.status.2xx: key is not an integer"},
      {R"({"schema":"portico.results/v1","environment":[]})", "environment: expected an object"},
      {R"({"schema":"portico.results/v1","capacity":[{"points":[{"passed":1}]}]})",
       "capacity[0].points[0].passed: expected true or false"},
  };
  for (const auto& c : cases) {
    std::string error;
    EXPECT_FALSE(read_results_json(c.json, &error)) << c.json;
    EXPECT_EQ(error, c.error);
  }
}

TEST(ResultsJson, IgnoresUnknownFieldsAndDefaultsMissingOnes) {
  std::string error;
  const auto run = read_results_json(
      R"({"schema":"portico.results/v1","from_the_future":{"x":[1]},"scenario":"s",
          "variants":[{"name":"v","new_field":true,"phases":[{"name":"measure","throughput":12}]}]})",
      &error);
  ASSERT_TRUE(run) << error;
  EXPECT_EQ(run->scenario, "s");
  EXPECT_EQ(run->seed, 0u);
  ASSERT_EQ(run->variants.size(), 1u);
  EXPECT_EQ(run->variants[0].phases[0].throughput, 12.0);  // an integer is a fine double
  EXPECT_EQ(run->variants[0].phases[0].overall, stream_result{});
}

TEST(ResultsJson, WritesAndReadsFiles) {
  const auto path = (std::filesystem::temp_directory_path() /
                     ("portico_results_test_" + std::to_string(::getpid()) + ".json")).string();
  const auto run = rich_run();
  std::string error;
  ASSERT_TRUE(write_results_file(run, path, &error)) << error;
  const auto back = read_results_file(path, &error);
  std::filesystem::remove(path);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(*back, run);
  EXPECT_FALSE(read_results_file(path, &error));
  EXPECT_NE(error.find("cannot open"), std::string::npos);
  EXPECT_FALSE(write_results_file(run, "/nonexistent-dir/r.json", &error));
}

TEST(JsonExact, KeepsIntegersAsIntegers) {
  const auto v = parse_json_exact(R"([9223372036854775807, -9223372036854775808, 18446744073709551615, 5E0])");
  ASSERT_TRUE(v);
  const auto& a = v->as_array();
  EXPECT_EQ(a[0].as_int64(), INT64_MAX);
  EXPECT_EQ(a[1].as_int64(), INT64_MIN);
  EXPECT_EQ(a[2].as_uint64(), UINT64_MAX);
  EXPECT_EQ(a[3].as_double(), 5.0);
  std::string error;
  EXPECT_FALSE(parse_json_exact("{} x", &error));
  EXPECT_FALSE(error.empty());
}

}  // namespace
}  // namespace portico::core
