#include "reports/thresholds.hpp"

#include "core/stats/histogram.hpp"
#include "reports/metrics.hpp"

#include <gtest/gtest.h>

namespace portico::reports {
namespace {

using op = core::threshold_config::op;

core::latency_summary summary(std::int64_t p50, std::int64_t p90, std::int64_t p99, std::int64_t max) {
  core::latency_summary s;
  s.count = 1000;
  s.min_ns = 1'000'000;
  s.max_ns = max;
  s.mean_ns = 3e6;
  s.percentiles = {{50, p50}, {75, p50 + 1}, {90, p90}, {99, p99}, {99.9, max - 2}, {99.99, max - 1}, {100, max}};
  return s;
}

// 1000 sent, 10 transport errors, 20 x 404, 20 x 503 over 10 s: error_rate 3%, throughput 99/s.
core::phase_result phase() {
  core::phase_result p;
  p.name = "measure";
  p.duration_ns = 10'000'000'000;
  p.throughput = 99;
  p.overall.counts.sent = 1000;
  p.overall.counts.completed = 990;
  p.overall.counts.errors = 10;
  p.overall.counts.status = {{200, 950}, {404, 20}, {503, 20}};
  p.overall.corrected = summary(2'000'000, 5'000'000, 20'000'000, 50'000'000);
  core::stream_result slow;
  slow.name = "GET /slow";
  slow.counts.sent = 100;
  slow.counts.completed = 100;
  slow.counts.status = {{200, 100}};
  slow.corrected = summary(30'000'000, 60'000'000, 90'000'000, 120'000'000);
  p.requests.push_back(slow);
  core::component_result route{"route", "users", {{"requests", 500}, {"status_5xx", 5}, {"errors", 5}}, {}};
  route.latency = summary(1'000'000, 3'000'000, 8'000'000, 9'000'000);
  p.components.push_back(route);
  return p;
}

core::threshold_config threshold(std::string scope, std::string metric, op compare, double value) {
  core::threshold_config t;
  t.text = (scope.empty() ? "" : "route(" + scope + ").") + metric + " ? " + std::to_string(value);
  t.scope = std::move(scope);
  t.metric = std::move(metric);
  t.compare = compare;
  t.value = value;
  return t;
}

struct threshold_case {
  std::string scope, metric;
  op compare;
  double limit;
  double actual;
  bool passed;
};

TEST(Thresholds, EvaluateEachMetricAndOperatorAgainstThePhase) {
  const std::vector<threshold_case> cases{
      {"", "p50", op::lt, 3e6, 2e6, true},
      {"", "p75", op::lt, 2e6, 2'000'001, false},
      {"", "p90", op::le, 5e6, 5e6, true},
      {"", "p99", op::lt, 20e6, 20e6, false},
      {"", "p99", op::le, 20e6, 20e6, true},
      {"", "p999", op::lt, 50e6, 49'999'998, true},
      {"", "p9999", op::gt, 50e6, 49'999'999, false},
      {"", "max", op::ge, 50e6, 50e6, true},
      {"", "mean", op::lt, 2e6, 3e6, false},
      {"", "error_rate", op::lt, 0.01, 0.03, false},
      {"", "error_rate", op::le, 0.03, 0.03, true},
      {"", "throughput", op::gt, 90, 99, true},
      {"", "throughput", op::ge, 100, 99, false},
      {"GET /slow", "p99", op::lt, 100e6, 90e6, true},
      {"GET /slow", "throughput", op::gt, 9, 10, true},
      {"users", "p99", op::lt, 5e6, 8e6, false},
      {"users", "error_rate", op::lt, 0.05, 0.02, true},
      {"users", "throughput", op::ge, 50, 50, true},
  };
  for (const auto& c : cases) {
    const auto result = evaluate_threshold(threshold(c.scope, c.metric, c.compare, c.limit), phase());
    EXPECT_DOUBLE_EQ(result.actual, c.actual) << c.scope << " " << c.metric;
    EXPECT_EQ(result.passed, c.passed) << c.scope << " " << c.metric;
    EXPECT_EQ(result.scope, c.scope);
  }
}

TEST(Thresholds, ErrorRateCountsTransportErrorsAnd5xxButNot4xx) {
  EXPECT_DOUBLE_EQ(error_rate(phase().overall.counts), (10.0 + 20.0) / 1000.0);
}

TEST(Thresholds, UnknownScopeFailsInsteadOfPassingSilently) {
  const auto result = evaluate_threshold(threshold("nope", "p99", op::lt, 1e12), phase());
  EXPECT_FALSE(result.passed);
  EXPECT_EQ(result.actual, 0);
}

TEST(Thresholds, LatencyFallsBackToTheEncodedHistogramWhenThePercentileIsNotListed) {
  auto p = phase();
  core::histogram h;
  for (int i = 1; i <= 1000; ++i) h.record(std::int64_t{i} * 1000);
  p.overall.corrected.percentiles.clear();
  p.overall.corrected.histogram = h.encode_v2_compressed_base64();
  const auto actual = threshold_actual(p, "", "p99");
  ASSERT_TRUE(actual.has_value());
  EXPECT_NEAR(*actual, 990'000, 1'000);
}

TEST(Thresholds, AllPassedIsFalseWhenAnyVariantFailed) {
  core::run_result run;
  run.variants.resize(2);
  run.variants[0].thresholds = {{"p99 < 1ms", "", 0.5e6, true}};
  EXPECT_TRUE(all_thresholds_passed(run));
  run.variants[1].thresholds = {{"p99 < 1ms", "", 2e6, false}};
  EXPECT_FALSE(all_thresholds_passed(run));
}

TEST(Thresholds, SplitsWrittenTextIntoScopeMetricOperatorAndLimit) {
  const auto parts = split_threshold_text("route(users).p99 <= 20ms");
  EXPECT_EQ(parts.scope, "users");
  EXPECT_EQ(parts.metric, "p99");
  EXPECT_EQ(parts.op, "<=");
  EXPECT_EQ(parts.limit, "20ms");
  EXPECT_EQ(describe_threshold({"p99 < 50ms", "", 62.1e6, false}), "actual 62.1 ms, limit < 50ms");
  EXPECT_EQ(describe_threshold({"error_rate < 1%", "", 0.0042, true}), "actual 0.420%, limit < 1%");
}

TEST(Metrics, NamesMapToPercentiles) {
  EXPECT_EQ(percentile_of_metric("p50"), 50.0);
  EXPECT_EQ(percentile_of_metric("p999"), 99.9);
  EXPECT_EQ(percentile_of_metric("p9999"), 99.99);
  EXPECT_EQ(percentile_of_metric("max"), 100.0);
  EXPECT_FALSE(percentile_of_metric("mean"));
  EXPECT_FALSE(percentile_of_metric("p9x"));
  EXPECT_FALSE(kind_of_metric("latency"));
}

TEST(Metrics, FormatsDurationsWithThreeSignificantDigits) {
  EXPECT_EQ(format_ns(850), "850 ns");
  EXPECT_EQ(format_ns(12'340), "12.3 µs");
  EXPECT_EQ(format_ns(4'123'000), "4.12 ms");
  EXPECT_EQ(format_ns(2.5e9), "2.50 s");
  EXPECT_EQ(format_percent(0.0123), "1.23%");
  EXPECT_EQ(format_rate(1999.94), "1999.9/s");
}

}  // namespace
}  // namespace portico::reports
