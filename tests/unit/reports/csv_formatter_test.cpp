#include "reports/csv_formatter.hpp"

#include "reports/metrics.hpp"
#include "sample_run.hpp"

#include <gtest/gtest.h>

namespace portico::reports {
namespace {

// Minimal RFC 4180 reader: records end with CRLF; quoted fields may hold , " CR LF.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (rows.back().empty() && field.empty()) rows.pop_back();
  return rows;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
}

TEST(CsvFormatter, ParsesBackToAHeaderAndOneRowPerVariantPhaseAndStream) {
  const auto run = testing::sample_run();
  const auto rows = parse_csv(csv_formatter{}.render(run));
  ASSERT_GE(rows.size(), 2u);
  const auto& header = rows.front();
  for (const auto& row : rows) EXPECT_EQ(row.size(), header.size());
  std::size_t expected = 0;
  for (const auto& v : run.variants) {
    for (const auto& p : v.phases) expected += 1 + p.requests.size();
  }
  EXPECT_EQ(rows.size() - 1, expected);
  const auto& first = rows[1];
  const auto& warmup = run.variants[0].phases[0];  // rows follow the phase order
  EXPECT_EQ(first[column(header, "variant")], run.variants[0].name);
  EXPECT_EQ(first[column(header, "phase")], warmup.name);
  EXPECT_EQ(first[column(header, "stream")], "overall");
  EXPECT_EQ(first[column(header, "sent")], std::to_string(warmup.overall.counts.sent));
  const double p99_ms = std::stod(first[column(header, "p99_ms")]);
  EXPECT_NEAR(p99_ms, static_cast<double>(*percentile_ns(warmup.overall.corrected, 99)) / 1e6, 0.001);
  const double rate = std::stod(first[column(header, "error_rate")]);
  EXPECT_NEAR(rate, error_rate(warmup.overall.counts), 1e-6);
}

TEST(CsvFormatter, QuotesFieldsWithCommasQuotesAndNewlines) {
  core::run_result run;
  core::variant_result v;
  v.name = "a,b \"quoted\"\nline";
  core::phase_result p;
  p.name = "measure";
  p.requests.push_back({"GET /x?a=1,2", {}, {}, {}});
  v.phases.push_back(p);
  run.variants.push_back(v);
  const auto text = csv_formatter{}.render(run);
  EXPECT_NE(text.find("\"a,b \"\"quoted\"\"\nline\""), std::string::npos);
  const auto rows = parse_csv(text);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][0], v.name);
  EXPECT_EQ(rows[2][2], "GET /x?a=1,2");
  EXPECT_EQ(rows[2].size(), rows[0].size());
}

}  // namespace
}  // namespace portico::reports
