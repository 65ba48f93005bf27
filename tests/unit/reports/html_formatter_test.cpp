#include "reports/html_formatter.hpp"

#include "reports/html_charts.hpp"
#include "reports/svg_chart.hpp"
#include "sample_run.hpp"

#include <gtest/gtest.h>

namespace portico::reports {
namespace {

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

TEST(HtmlFormatter, HasEveryChartSectionWithAnSvgEach) {
  const auto html = html_formatter{}.render(testing::sample_run());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  for (const std::string id : {"overlay-spectrum", "overlay-p99", "overlay-throughput", "v0-token_bucket-spectrum",
                               "v0-token_bucket-latency", "v0-token_bucket-throughput", "v0-token_bucket-errors",
                               "v1-sliding_window-spectrum", "capacity-latency-0", "capacity-throughput-0"}) {
    EXPECT_NE(html.find("<figure class=\"figure\" data-chart=\"" + id + "\">"), std::string::npos) << id;
    EXPECT_NE(html.find("<svg class=\"chart\" id=\"" + id + "\""), std::string::npos) << id;
  }
  for (const std::string section : {"id=\"thresholds\"", "id=\"variants\"", "id=\"run\"", "<h3>Health and events</h3>",
                                    "<h3 class=\"components\">routes</h3>", "<h3 class=\"components\">backends</h3>",
                                    "<h3 class=\"components\">limiters</h3>", "<h3>Per request template</h3>",
                                    "Ranking (by p99, then throughput)", "aria-label=\"limiter decisions\""}) {
    EXPECT_NE(html.find(section), std::string::npos) << section;
  }
  EXPECT_EQ(count(html, "<html"), 1u);
  EXPECT_EQ(count(html, "<svg class=\"chart\" id="), count(html, "<figure class=\"figure\""));
}

TEST(HtmlFormatter, OverlaysAllVariantsOnOneSpectrumChart) {
  const auto html = html_formatter{}.render(testing::sample_run());
  const auto start = html.find("<svg class=\"chart\" id=\"overlay-spectrum\"");
  ASSERT_NE(start, std::string::npos);
  const auto chart = html.substr(start, html.find("</figure>", start) - start);
  EXPECT_EQ(count(chart, "<g class=\"series\""), 4u);  // corrected and uncorrected per variant
  EXPECT_NE(chart.find(">token_bucket (uncorrected)</button>"), std::string::npos);
  EXPECT_NE(chart.find(">token_bucket</button>"), std::string::npos);
  EXPECT_NE(chart.find(">sliding_window</button>"), std::string::npos);
}

TEST(HtmlFormatter, SingleVariantHasNoOverlaySection) {
  testing::sample_options options;
  options.variants = 1;
  const auto html = html_formatter{}.render(testing::sample_run(options));
  EXPECT_EQ(html.find("id=\"variants\""), std::string::npos);
  EXPECT_NE(html.find("v0-token_bucket-spectrum"), std::string::npos);
}

TEST(HtmlFormatter, IsSelfContainedWithNoExternalReferences) {
  const auto html = html_formatter{}.render(testing::sample_run());
  for (const std::string external : {"http://", "https://", "<script src", "<link", "@import", "url(http"}) {
    EXPECT_EQ(html.find(external), std::string::npos) << external;
  }
}

TEST(HtmlFormatter, EscapesNamesFromTheResults) {
  auto run = testing::sample_run();
  run.scenario = "<script>alert(1)</script>";
  run.variants[0].name = "a\"b<c>";
  const auto html = html_formatter{}.render(run);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("a\"b<c>"), std::string::npos);
}

TEST(SpectrumChart, UsesTheHistogramForAFineTailAndLabelsNines) {
  const auto run = testing::sample_run();
  const auto& summary = run.variants[0].phases[1].overall.corrected;
  const auto c = spectrum_chart("s", "t", {{"corrected", &summary, 0, false}});
  ASSERT_EQ(c.series.size(), 1u);
  EXPECT_GT(c.series[0].points.size(), 30u);  // the histogram, not the 7 listed percentiles
  for (std::size_t i = 1; i < c.series[0].points.size(); ++i) {
    EXPECT_GE(c.series[0].points[i].first, c.series[0].points[i - 1].first);
    EXPECT_GE(c.series[0].points[i].second, c.series[0].points[i - 1].second);
  }
  EXPECT_EQ(c.x.ticks[2].second, "99%");
  EXPECT_EQ(c.x.ticks[3].second, "99.9%");
  EXPECT_DOUBLE_EQ(c.series[0].points.back().second, static_cast<double>(summary.max_ns) / 1e6);
}

TEST(SpectrumChart, FallsBackToThePercentileListWithoutAHistogram) {
  core::latency_summary s;
  s.count = 100;
  s.max_ns = 9'000'000;
  s.percentiles = {{50, 1'000'000}, {90, 2'000'000}, {99, 5'000'000}, {100, 9'000'000}};
  const auto c = spectrum_chart("s", "t", {{"x", &s, 0, false}});
  ASSERT_EQ(c.series.size(), 1u);
  ASSERT_EQ(c.series[0].points.size(), 4u);
  EXPECT_NEAR(c.series[0].points[1].first, 1.0, 1e-9);  // 90% -> one nine
  EXPECT_DOUBLE_EQ(c.series[0].points[2].second, 5.0);  // ms
}

TEST(SvgChart, NiceTicksCoverTheRangeInOneTwoFiveSteps) {
  EXPECT_EQ(nice_ticks(0, 10, 5), (std::vector<double>{0, 2, 4, 6, 8, 10}));
  EXPECT_EQ(nice_ticks(0, 47, 5), (std::vector<double>{0, 10, 20, 30, 40}));
  EXPECT_EQ(tick_label(2.5, 0.5), "2.5");
  EXPECT_EQ(tick_label(40, 10), "40");
}

TEST(SvgChart, LogTicksStepOneTwoFivePerDecadeAndBracketTheRange) {
  EXPECT_EQ(log_ticks(3, 40), (std::vector<double>{2, 5, 10, 20, 50}));
  EXPECT_EQ(log_ticks(0.5, 5000), (std::vector<double>{0.1, 1, 10, 100, 1000, 10000}));  // wide: decades only
}

TEST(SvgChart, NumbersEventMarkersAndListsTheirLabelsUnderTheChart) {
  chart c;
  c.id = "t";
  c.series.push_back({"s", {{0, 1}, {10, 2}}, 0, false, true, false, {}});
  c.markers = {{2, "+2.0 s users#1: ejected", 5}, {2.1, "+2.1 s runner: fail injected", 5}};
  const auto html = render_figure(c);
  EXPECT_NE(html.find("<text class=\"badge\""), std::string::npos);
  EXPECT_NE(html.find("<ol class=\"marker-list\">"), std::string::npos);
  EXPECT_NE(html.find("+2.1 s runner: fail injected</li>"), std::string::npos);
  // The label text is not drawn inside the SVG, where it would overlap its neighbour.
  const auto svg = render_svg(c);
  EXPECT_EQ(svg.find(">+2.0 s users#1: ejected</text>"), std::string::npos);
}

TEST(SpectrumChart, UsesALogLatencyAxis) {
  const auto run = testing::sample_run();
  const auto c = spectrum_chart("s", "t", {{"corrected", &run.variants[0].phases[1].overall.corrected, 0, false}});
  EXPECT_TRUE(c.y.log);
  EXPECT_GT(c.y.min, 0);
  EXPECT_NE(render_svg(c).find(">100</text>"), std::string::npos);
}

TEST(HtmlFormatter, ShowsThresholdsAsAMatrixWhenThereAreSeveralVariants) {
  const auto html = html_formatter{}.render(testing::sample_run());
  EXPECT_NE(html.find("<table class=\"matrix\">"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"num fail\">FAIL "), std::string::npos);
  EXPECT_NE(html.find("aria-label=\"limiter decisions, all variants\""), std::string::npos);
}

}  // namespace
}  // namespace portico::reports
