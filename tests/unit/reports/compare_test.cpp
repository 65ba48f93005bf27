#include "reports/compare.hpp"

#include "reports/metrics.hpp"
#include "sample_run.hpp"

#include <gtest/gtest.h>

namespace portico::reports {
namespace {

std::vector<regression_gate> gates(std::string_view text) {
  std::string error;
  auto parsed = parse_regression_gates(text, &error);
  EXPECT_TRUE(parsed.has_value()) << error;
  return parsed.value_or(std::vector<regression_gate>{});
}

const metric_delta& find(const variant_comparison& v, const std::string& metric) {
  for (const auto& m : v.metrics) {
    if (m.metric == metric) return m;
  }
  throw std::runtime_error("no metric " + metric);
}

TEST(Compare, ParsesGateLists) {
  const auto g = gates("p99=10%, throughput=5%,error_rate=0.5%");
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(g[0].metric, "p99");
  EXPECT_DOUBLE_EQ(g[0].limit, 0.10);
  EXPECT_DOUBLE_EQ(g[2].limit, 0.005);
  EXPECT_TRUE(gates("").empty());
  for (std::string_view bad : {"p99", "p99=10", "p98x=5%", "p99=-1%", "p99=abc%"}) {
    std::string error;
    EXPECT_FALSE(parse_regression_gates(bad, &error)) << bad;
    EXPECT_FALSE(error.empty());
  }
}

TEST(Compare, PassesARunComparedWithItself) {
  const auto run = testing::sample_run();
  const auto c = compare_runs(run, run, gates("p50=1%,p99=1%,max=1%,throughput=1%,error_rate=0.1%"));
  ASSERT_EQ(c.variants.size(), 2u);
  EXPECT_FALSE(c.regressed());
  EXPECT_EQ(c.gates_checked, 10u);
  EXPECT_EQ(find(c.variants[0], "p99").delta, "+0.0%");
  EXPECT_EQ(find(c.variants[0], "p99").verdict, "ok");
  EXPECT_EQ(find(c.variants[0], "p90").verdict, "-");
}

TEST(Compare, CatchesAnInjectedLatencyRegression) {
  const auto base = testing::sample_run();
  testing::sample_options slower;
  slower.slowdown = 1.3;
  const auto current = testing::sample_run(slower);
  const auto c = compare_runs(base, current, gates("p50=10%,throughput=5%"));
  EXPECT_TRUE(c.regressed());
  const auto& p50 = find(c.variants[0], "p50");
  EXPECT_TRUE(p50.regressed);
  EXPECT_EQ(p50.verdict, "REGRESSION");
  EXPECT_GT(*p50.current, *p50.base * 1.2);
  EXPECT_FALSE(find(c.variants[0], "throughput").regressed);
  const auto text = render_comparison_text(c);
  EXPECT_NE(text.find("REGRESSION"), std::string::npos);
  const auto md = render_comparison_markdown(c);
  EXPECT_NE(md.find("## Portico regression check: REGRESSION"), std::string::npos);
  EXPECT_NE(md.find("| metric | base | new | delta | gate | verdict |"), std::string::npos);
}

TEST(Compare, ThroughputGateFailsOnlyOnADrop) {
  const auto base = testing::sample_run();
  testing::sample_options fewer;
  fewer.throughput_factor = 0.9;
  const auto lower = testing::sample_run(fewer);
  EXPECT_TRUE(compare_runs(base, lower, gates("throughput=5%")).regressed());
  EXPECT_FALSE(compare_runs(lower, base, gates("throughput=5%")).regressed());  // more throughput is fine
  EXPECT_FALSE(compare_runs(base, lower, gates("throughput=15%")).regressed());
}

TEST(Compare, ErrorRateGateIsInPercentagePoints) {
  auto base = testing::sample_run(testing::single_variant());
  auto worse = base;
  auto& counts = worse.variants[0].phases.back().overall.counts;
  const double before = error_rate(counts);
  counts.errors += counts.sent / 100;  // +1 percentage point
  EXPECT_NEAR(error_rate(counts) - before, 0.01, 1e-3);
  EXPECT_TRUE(compare_runs(base, worse, gates("error_rate=0.5%")).regressed());
  EXPECT_FALSE(compare_runs(base, worse, gates("error_rate=2%")).regressed());
}

TEST(Compare, MatchesVariantsByNameAndListsTheUnmatched) {
  const auto base = testing::sample_run();
  auto current = testing::sample_run();
  current.variants[1].name = "renamed";
  const auto c = compare_runs(base, current, gates("p99=10%"));
  ASSERT_EQ(c.variants.size(), 1u);
  EXPECT_EQ(c.variants[0].base_name, "token_bucket");
  EXPECT_EQ(c.unmatched, (std::vector<std::string>{"base only: sliding_window", "new only: renamed"}));
}

TEST(Compare, PairsSingleVariantRunsWhateverTheirNames) {
  auto base = testing::sample_run(testing::single_variant());
  auto current = base;
  current.variants[0].name = "baseline";
  const auto c = compare_runs(base, current, {});
  ASSERT_EQ(c.variants.size(), 1u);
  EXPECT_EQ(c.variants[0].new_name, "baseline");
  EXPECT_EQ(c.gates_checked, 0u);
  EXPECT_FALSE(c.regressed());
}

TEST(Compare, AGatedMetricMissingFromARunIsARegression) {
  auto base = testing::sample_run(testing::single_variant());
  auto current = base;
  current.variants[0].phases.back().overall.corrected = {};
  const auto c = compare_runs(base, current, gates("p99=10%"));
  EXPECT_TRUE(c.regressed());
  EXPECT_EQ(find(c.variants[0], "p99").verdict, "missing");
}

}  // namespace
}  // namespace portico::reports
