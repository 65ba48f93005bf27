#include "core/stats/histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

namespace portico::core {
namespace {

constexpr std::int64_t hour_us = 3600LL * 1000 * 1000;

// HdrHistogram's classic test (hdr_histogram_test.c / HistogramTest.java): 10,000 values of
// 1,000 and a single stall of 100,000,000.
histogram classic_stall() {
  histogram h({.lowest = 1, .highest = hour_us, .significant_digits = 3});
  for (int i = 0; i < 10000; ++i) h.record(1000);
  h.record(100000000);
  return h;
}

TEST(Histogram, ReportsTheClassicStallLikeHdrHistogram) {
  const auto h = classic_stall();
  EXPECT_EQ(h.count(), 10001u);
  EXPECT_EQ(h.min(), 1000);
  EXPECT_EQ(h.max(), 100000000);
  EXPECT_EQ(h.value_at_percentile(30), 1000);
  EXPECT_EQ(h.value_at_percentile(99), 1000);
  EXPECT_EQ(h.value_at_percentile(99.99), 1000);
  // The stall's bucket: 100,000,000 is in a bucket 8,192 wide, so within 0.01 % of it.
  EXPECT_EQ(h.value_at_percentile(99.999), 100007935);
  EXPECT_EQ(h.value_at_percentile(100), 100007935);
  EXPECT_EQ(h.value_at_percentile(0), 1000);
  EXPECT_NEAR(h.mean(), (10000.0 * 1000 + 1e8) / 10001, 0.001 * 10999);
  EXPECT_NEAR(h.stddev(), 999641.7158, 0.01);  // hdr-histogram-js's figure for the same data
}

TEST(Histogram, UsesHdrHistogramsBucketLayout) {
  struct layout_case {
    histogram_options options;
    std::int64_t last_exact;  // sub_bucket_count - 1: values up to here have width one unit
  };
  const layout_case cases[] = {
      {{1, 1'000'000, 1}, 31},          // 2 * 10^1 = 20 -> 32 sub-buckets
      {{1, 1'000'000, 2}, 255},         // 200 -> 256
      {{1, 1'000'000, 3}, 2047},        // 2000 -> 2048
      {{1, 1'000'000'000, 4}, 32767},   // 20000 -> 32768
      {{1, 1'000'000'000, 5}, 262143},  // 200000 -> 262144
  };
  for (const auto& c : cases) {
    const histogram h(c.options);
    SCOPED_TRACE(c.options.significant_digits);
    EXPECT_EQ(h.highest_equivalent(c.last_exact), c.last_exact);
    EXPECT_EQ(h.lowest_equivalent(c.last_exact + 1), c.last_exact + 1);
    EXPECT_EQ(h.highest_equivalent(c.last_exact + 1), c.last_exact + 2);
    EXPECT_EQ(h.highest_equivalent(2 * (c.last_exact + 1)), 2 * (c.last_exact + 1) + 3);
  }
  const histogram coarse({.lowest = 1000, .highest = 60'000'000'000, .significant_digits = 2});
  EXPECT_EQ(coarse.lowest_equivalent(1000), 512);  // unit magnitude 9: 512-wide units
  EXPECT_EQ(coarse.highest_equivalent(1000), 1023);
}

TEST(Histogram, KeepsTheRequestedPrecisionForEveryDigitCount) {
  std::mt19937_64 rng(2024);
  for (int digits = 1; digits <= 5; ++digits) {
    SCOPED_TRACE(digits);
    const std::int64_t highest = 3'600'000'000'000;
    histogram h({.lowest = 1, .highest = highest, .significant_digits = digits});
    std::vector<std::int64_t> values;
    std::lognormal_distribution<double> latency(std::log(2e6), 2.0);
    for (int i = 0; i < 20000; ++i) {
      const auto v = std::clamp<std::int64_t>(static_cast<std::int64_t>(latency(rng)), 0, highest);
      values.push_back(v);
      h.record(v);
      ASSERT_LE(h.lowest_equivalent(v), v);
      ASSERT_GE(h.highest_equivalent(v), v);
      const double width = static_cast<double>(h.highest_equivalent(v) - h.lowest_equivalent(v));
      ASSERT_LE(width, std::max(0.0, static_cast<double>(v) * std::pow(10.0, -digits)));
    }
    std::sort(values.begin(), values.end());
    for (const double p : {1.0, 25.0, 50.0, 90.0, 99.0, 99.9, 99.99, 100.0}) {
      const auto per_100k = static_cast<std::size_t>(std::llround(p * 1000));  // exact integer rank
      const auto rank = std::max<std::size_t>(1, (per_100k * 20000 + 99999) / 100000);
      const auto exact = values[rank - 1];
      const auto reported = h.value_at_percentile(p);
      EXPECT_GE(reported, exact) << "p" << p;
      EXPECT_LE(static_cast<double>(reported - exact), static_cast<double>(exact) * std::pow(10.0, -digits))
          << "p" << p;
    }
  }
}

TEST(Histogram, CountsOutOfRangeValuesWithoutClampingThem) {
  histogram h({.lowest = 1, .highest = 1'000'000, .significant_digits = 3});
  h.record(-1);
  h.record(-5, 3);
  h.record(1'000'001);
  h.record(INT64_MAX, 2);
  h.record(1'000'000);
  h.record(500);
  EXPECT_EQ(h.underflow(), 4u);
  EXPECT_EQ(h.overflow(), 3u);
  EXPECT_EQ(h.out_of_range(), 7u);
  EXPECT_EQ(h.count(), 2u);
  EXPECT_EQ(h.min(), 500);
  EXPECT_EQ(h.max(), 1'000'000);
  EXPECT_EQ(h.value_at_percentile(100), h.highest_equivalent(1'000'000));
  EXPECT_EQ(h.value_at_percentile(50), 500);
}

TEST(Histogram, ReportsZeroesWhenEmpty) {
  const histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), 0);
  EXPECT_EQ(h.mean(), 0);
  EXPECT_EQ(h.stddev(), 0);
  EXPECT_EQ(h.value_at_percentile(99), 0);
  int buckets = 0;
  h.for_each_bucket([&](const histogram::bucket&) { ++buckets; });
  EXPECT_EQ(buckets, 0);
}

TEST(Histogram, RecordWithCountEqualsRepeatedRecords) {
  histogram once, repeated;
  once.record(12345, 1000);
  once.record(7, 0);  // a zero count records nothing
  for (int i = 0; i < 1000; ++i) repeated.record(12345);
  EXPECT_EQ(once.count(), repeated.count());
  EXPECT_EQ(once.min(), 12345);
  EXPECT_EQ(once.value_at_percentile(50), repeated.value_at_percentile(50));
  EXPECT_EQ(once.encode_v2(), repeated.encode_v2());
}

TEST(Histogram, ResetForgetsEverything) {
  auto h = classic_stall();
  h.record(-1);
  h.reset();
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.out_of_range(), 0u);
  EXPECT_EQ(h.max(), 0);
  h.record(42);
  EXPECT_EQ(h.min(), 42);
  EXPECT_EQ(h.max(), 42);
  EXPECT_EQ(h.value_at_percentile(100), 42);
}

TEST(Histogram, MergeOfSameLayoutEqualsRecordingEverythingInOne) {
  histogram a, b, all;
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::int64_t> value(0, 5'000'000'000);
  for (int i = 0; i < 5000; ++i) {
    const auto v = value(rng);
    (i % 3 == 0 ? a : b).record(v);
    all.record(v);
  }
  a.record(-3);
  b.record(INT64_MAX);
  a.merge(b);
  EXPECT_EQ(a.count(), all.count());
  EXPECT_EQ(a.min(), all.min());
  EXPECT_EQ(a.max(), all.max());
  EXPECT_EQ(a.underflow(), 1u);
  EXPECT_EQ(a.overflow(), 1u);
  EXPECT_EQ(a.encode_v2(), all.encode_v2());
}

TEST(Histogram, MergeOfDifferentLayoutsKeepsCountsExtremesAndPrecision) {
  histogram fine({.lowest = 1, .highest = 3'600'000'000'000, .significant_digits = 4});
  histogram coarse({.lowest = 1000, .highest = 60'000'000'000, .significant_digits = 2});
  for (std::int64_t v = 1'000'000; v <= 2'000'000; v += 1000) coarse.record(v, 2);
  coarse.record(60'000'000'001);  // overflow travels too
  fine.record(5);
  fine.merge(coarse);
  EXPECT_EQ(fine.count(), coarse.count() + 1);
  EXPECT_EQ(fine.overflow(), 1u);
  EXPECT_EQ(fine.min(), 5);
  EXPECT_EQ(fine.max(), 2'000'000);  // clamped to the source's exact max, not a bucket midpoint
  const auto p50 = fine.value_at_percentile(50);
  EXPECT_NEAR(static_cast<double>(p50), 1'500'000.0, 1'500'000.0 * 0.01);  // coarse: 2 digits
}

TEST(Histogram, PercentileBelowCountsWholeBuckets) {
  histogram h;
  for (int v = 1; v <= 10; ++v) h.record(v);
  EXPECT_DOUBLE_EQ(h.percentile_below(5), 50.0);
  EXPECT_DOUBLE_EQ(h.percentile_below(0), 0.0);
  EXPECT_DOUBLE_EQ(h.percentile_below(-1), 0.0);
  EXPECT_DOUBLE_EQ(h.percentile_below(10), 100.0);
  EXPECT_DOUBLE_EQ(h.percentile_below(INT64_MAX), 100.0);
}

TEST(Histogram, VisitsNonEmptyBucketsInIncreasingOrder) {
  histogram h;
  h.record(5000, 2);
  h.record(3);
  h.record(5001);  // same 2-wide bucket as 5000
  std::vector<histogram::bucket> seen;
  h.for_each_bucket([&](const histogram::bucket& b) { seen.push_back(b); });
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].lowest_equivalent, 3);
  EXPECT_EQ(seen[0].count, 1u);
  EXPECT_EQ(seen[1].lowest_equivalent, 5000);
  EXPECT_EQ(seen[1].highest_equivalent, 5003);
  EXPECT_EQ(seen[1].count, 3u);
}

TEST(Histogram, RejectsImpossibleOptions) {
  EXPECT_THROW(histogram({.lowest = 1, .highest = 100, .significant_digits = 0}), std::invalid_argument);
  EXPECT_THROW(histogram({.lowest = 1, .highest = 100, .significant_digits = 6}), std::invalid_argument);
  EXPECT_THROW(histogram({.lowest = 0, .highest = 100, .significant_digits = 3}), std::invalid_argument);
  EXPECT_THROW(histogram({.lowest = 100, .highest = 150, .significant_digits = 3}), std::invalid_argument);
  EXPECT_NO_THROW(histogram({.lowest = 1, .highest = INT64_MAX, .significant_digits = 5}));
}

TEST(Histogram, HandlesTheTopOfTheInt64Range) {
  histogram h({.lowest = 1, .highest = INT64_MAX, .significant_digits = 2});
  h.record(INT64_MAX);
  h.record(0);
  EXPECT_EQ(h.count(), 2u);
  EXPECT_EQ(h.max(), INT64_MAX);
  EXPECT_EQ(h.value_at_percentile(100), INT64_MAX);
  EXPECT_EQ(h.value_at_percentile(50), 0);
}

}  // namespace
}  // namespace portico::core
