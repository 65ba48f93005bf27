#include "reports/formatter.hpp"

#include "reports/metrics.hpp"
#include "reports/summary_tables.hpp"
#include "sample_run.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace portico::reports {
namespace {

const core::run_result& sample() {
  static const core::run_result run = testing::sample_run();
  return run;
}

std::string p99_text(const core::variant_result& v) {
  return format_ns(static_cast<double>(*percentile_ns(measure_phase(v)->overall.corrected, 99)));
}

TEST(Formatters, RegistryKnowsEveryNamedFormat) {
  for (auto name : formatter_names()) EXPECT_NE(make_formatter(name), nullptr) << name;
  EXPECT_NE(make_formatter("markdown"), nullptr);
  EXPECT_EQ(make_formatter("pdf"), nullptr);
  EXPECT_EQ(make_formatter("html")->extension(), "html");
}

TEST(Formatters, EveryHumanFormatShowsTheKeyNumbers) {
  const auto& run = sample();
  const auto& v0 = run.variants[0];
  const auto& measure = *measure_phase(v0);
  const std::vector<std::string> expected{
      run.scenario,
      v0.name,
      run.variants[1].name,
      p99_text(v0),
      p99_text(run.variants[1]),
      format_rate(measure.throughput),
      format_percent(error_rate(measure.overall.counts)),
      std::to_string(measure.overall.counts.sent),
      "GET /api/users/{id}",
      "users#1",
      "p99 < 50ms",
      "route(users).p99 &lt; 20ms",  // html-escaped form; checked per format below
  };
  for (std::string_view name : {"text", "md", "html"}) {
    const auto out = make_formatter(name)->render(run);
    for (std::size_t i = 0; i < expected.size(); ++i) {
      std::string want = expected[i];
      if (name == "html" && want == "p99 < 50ms") want = "p99 &lt; 50ms";
      if (name != "html" && want == "route(users).p99 &lt; 20ms") want = "route(users).p99 < 20ms";
      EXPECT_NE(out.find(want), std::string::npos) << name << " lacks '" << want << "'";
    }
  }
}

TEST(Formatters, TextAndMarkdownShowThresholdVerdicts) {
  const auto& run = sample();
  std::size_t failed = 0;
  for (const auto& v : run.variants) {
    for (const auto& t : v.thresholds) failed += t.passed ? 0 : 1;
  }
  ASSERT_GT(failed, 0u) << "the sample is meant to fail some thresholds";
  const auto text = make_formatter("text")->render(run);
  EXPECT_NE(text.find("FAIL"), std::string::npos);
  EXPECT_NE(text.find(std::to_string(failed) + " failed"), std::string::npos);
  const auto md = make_formatter("md")->render(run);
  EXPECT_NE(md.find("**Thresholds: FAIL**"), std::string::npos);
  EXPECT_NE(md.find("| --- |"), std::string::npos);
  EXPECT_NE(md.find("## Ranking"), std::string::npos);
  EXPECT_NE(md.find("Knee: **2500.0/s**"), std::string::npos);
}

TEST(TextFormatter, IsACompactWrkLikeSummaryWithBothLatencies) {
  const auto& run = sample();
  const auto text = make_formatter("text")->render(run);
  const auto& v0 = *measure_phase(run.variants[0]);
  EXPECT_NE(text.find("58800 requests in 30.0 s"), std::string::npos) << text;
  EXPECT_NE(text.find("uncorrected  " + format_ns(static_cast<double>(*percentile_ns(v0.overall.uncorrected, 50)))), std::string::npos)
      << text;
  EXPECT_NE(text.find("1200 sends late"), std::string::npos);
  EXPECT_NE(text.find("limiter users (token bucket): denied 1319"), std::string::npos) << text;
  EXPECT_NE(text.find("FAIL p99 < 50ms ("), std::string::npos);
  EXPECT_NE(text.find("ranking"), std::string::npos);
  // Compact: a screenful per variant, the detailed tables are in md/html.
  std::size_t lines = 0;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  EXPECT_LT(lines, 30u * run.variants.size() + 25u) << text;
}

TEST(SummaryTables, ErrorKindsCarryTheirFirstExplanation) {
  core::request_counts counts;
  counts.errors_by_kind = {{"connect", 12}, {"timeout", 3}};
  counts.error_examples = {{"connect", "Connection refused"}};
  EXPECT_EQ(error_kinds_text(counts), "connect 12 (Connection refused), timeout 3");
  counts.errors = 15;
  counts.sent = 15;
  EXPECT_NE(counts_line(counts).find("(connect 12 (Connection refused), timeout 3)"), std::string::npos) << counts_line(counts);
}

TEST(RankingTable, OrdersByCorrectedP99AndShowsUncorrectedAndLimiterDenials) {
  testing::sample_options four;
  four.variants = 4;
  const auto t = ranking_table(testing::sample_run(four));
  ASSERT_EQ(t.rows.size(), 4u);
  const auto column = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), name) - t.header.begin());
  };
  ASSERT_LT(column("p99 uncorr."), t.header.size());
  ASSERT_LT(column("limiter denied"), t.header.size());
  EXPECT_EQ(t.rows[0][1], "token_bucket");
  EXPECT_EQ(t.rows[0][column("limiter denied")], "2.50%");  // the sample's token bucket denies 2.5%
  EXPECT_EQ(t.rows[3][column("limiter denied")], "7.00%");  // leaky bucket: 2.5% x (1 + 0.6 x 3)
}

TEST(Formatters, SingleVariantRunHasNoRanking) {
  testing::sample_options options;
  options.variants = 1;
  const auto run = testing::sample_run(options);
  EXPECT_EQ(make_formatter("text")->render(run).find("ranking"), std::string::npos);
  EXPECT_EQ(make_formatter("md")->render(run).find("Ranking"), std::string::npos);
}

TEST(Formatters, EmptyRunRendersWithoutCrashing) {
  const core::run_result empty;
  for (auto name : formatter_names()) EXPECT_FALSE(make_formatter(name)->render(empty).empty()) << name;
  core::run_result no_phases;
  no_phases.variants.resize(1);
  for (auto name : formatter_names()) EXPECT_FALSE(make_formatter(name)->render(no_phases).empty()) << name;
}

TEST(ComponentHeading, PluralisesPlainKindsAndNamesTheAwkwardOnes) {
  EXPECT_EQ(component_heading("route"), "routes");
  EXPECT_EQ(component_heading("limiter"), "limiters");
  EXPECT_EQ(component_heading("access_log"), "access log");
  EXPECT_EQ(component_heading("auth"), "authentication");
  EXPECT_EQ(component_heading("tls"), "TLS listeners");
  EXPECT_EQ(component_heading("some_new_kind"), "some new kinds");
}

}  // namespace
}  // namespace portico::reports
