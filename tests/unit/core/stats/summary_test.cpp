#include "core/stats/summary.hpp"

#include <gtest/gtest.h>

namespace portico::core {
namespace {

TEST(Summarize, ReportsCountsExtremesAndTheStandardPercentiles) {
  histogram h;
  for (int i = 0; i < 10000; ++i) h.record(1'000'000);
  h.record(100'000'000);
  h.record(-1);
  h.record(INT64_MAX);
  const auto s = summarize(h);
  EXPECT_EQ(s.count, 10001u);
  EXPECT_EQ(s.out_of_range, 2u);
  EXPECT_EQ(s.min_ns, 1'000'000);
  EXPECT_EQ(s.max_ns, 100'000'000);
  EXPECT_DOUBLE_EQ(s.mean_ns, h.mean());
  EXPECT_DOUBLE_EQ(s.stddev_ns, h.stddev());
  ASSERT_EQ(s.percentiles.size(), 7u);
  const double expected_p[] = {50, 75, 90, 99, 99.9, 99.99, 100};
  for (std::size_t i = 0; i < 7; ++i) EXPECT_EQ(s.percentiles[i].percentile, expected_p[i]);
  EXPECT_EQ(s.percentiles[3].value_ns, h.value_at_percentile(99));
  EXPECT_EQ(s.percentiles[3].value_ns, h.highest_equivalent(1'000'000));
  // p100 is the exact max, not the top of its bucket (which HdrHistogram would print).
  EXPECT_GT(h.value_at_percentile(100), h.max());
  EXPECT_EQ(s.percentiles[6].value_ns, 100'000'000);
  const auto kept = summary_histogram(s);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->count(), h.count());
}

TEST(Summarize, NoPercentileExceedsTheExactMax) {
  histogram h;
  h.record(123'456'789);
  const auto s = summarize(h, false);
  for (const auto& p : s.percentiles) EXPECT_EQ(p.value_ns, 123'456'789) << p.percentile;
  EXPECT_TRUE(s.histogram.empty());
  EXPECT_FALSE(summary_histogram(s));
}

TEST(Summarize, GivesZeroesForAnEmptyHistogram) {
  const auto s = summarize(histogram{});
  EXPECT_EQ(s.count, 0u);
  EXPECT_EQ(s.max_ns, 0);
  for (const auto& p : s.percentiles) EXPECT_EQ(p.value_ns, 0);
  EXPECT_FALSE(s.histogram.empty());  // an empty histogram still encodes
}

}  // namespace
}  // namespace portico::core
