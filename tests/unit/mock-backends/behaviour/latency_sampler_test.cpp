#include "mock-backends/behaviour/latency_sampler.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace portico::mock {
namespace {

using namespace std::chrono_literals;
using kind = core::latency_config::kind;

constexpr int samples = 200'000;

std::vector<double> draw(const core::latency_config& config, std::uint64_t seed = 42) {
  latency_sampler sampler(config);
  rng random(seed);
  std::vector<double> out(samples);
  for (auto& v : out) v = static_cast<double>(sampler.sample(random).count());
  std::sort(out.begin(), out.end());
  return out;
}

double quantile(const std::vector<double>& sorted, double q) {
  return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1))];
}

double mean(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

TEST(LatencySampler, FixedAlwaysReturnsItsValueWithoutRandomness) {
  core::latency_config config;
  config.value = 3ms;
  latency_sampler sampler(config);
  rng random(1);
  EXPECT_TRUE(sampler.deterministic());
  EXPECT_FALSE(sampler.always_zero());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(sampler.sample(random), 3ms);
}

TEST(LatencySampler, ZeroFixedIsFlaggedSoTheServerCanSkipTimers) {
  EXPECT_TRUE(latency_sampler(core::latency_config{}).always_zero());
}

TEST(LatencySampler, UniformStaysInRangeWithTheMidpointAsMean) {
  core::latency_config config;
  config.type = kind::uniform;
  config.min = 2ms;
  config.max = 6ms;
  auto v = draw(config);
  EXPECT_GE(v.front(), 2e6);
  EXPECT_LE(v.back(), 6e6);
  EXPECT_NEAR(mean(v), 4e6, 4e6 * 0.01);
  EXPECT_NEAR(quantile(v, 0.25), 3e6, 3e6 * 0.02);
}

TEST(LatencySampler, NormalHasItsMeanAndStandardDeviation) {
  core::latency_config config;
  config.type = kind::normal;
  config.mean = 10ms;
  config.stddev = 2ms;
  auto v = draw(config);
  EXPECT_NEAR(mean(v), 10e6, 10e6 * 0.01);
  // p84.13 of a normal is mean + 1 sd.
  EXPECT_NEAR(quantile(v, 0.8413), 12e6, 12e6 * 0.02);
}

TEST(LatencySampler, NormalNeverGoesNegative) {
  core::latency_config config;
  config.type = kind::normal;
  config.mean = 1ms;
  config.stddev = 5ms;
  auto v = draw(config);
  EXPECT_GE(v.front(), 0);
}

TEST(LatencySampler, LognormalByPercentilesReproducesP50AndP99) {
  core::latency_config config;
  config.type = kind::lognormal;
  config.p50 = 4ms;
  config.p99 = 30ms;
  auto v = draw(config);
  EXPECT_NEAR(quantile(v, 0.50), 4e6, 4e6 * 0.05);
  EXPECT_NEAR(quantile(v, 0.99), 30e6, 30e6 * 0.05);
}

TEST(LatencySampler, LognormalByParametersUsesMillisecondLogScale) {
  core::latency_config config;
  config.type = kind::lognormal;
  config.mu = std::log(5.0);  // median 5ms
  config.sigma = 0.5;
  auto v = draw(config);
  EXPECT_NEAR(quantile(v, 0.50), 5e6, 5e6 * 0.05);
  EXPECT_NEAR(quantile(v, 0.99), 5e6 * std::exp(0.5 * z99), 5e6 * std::exp(0.5 * z99) * 0.05);
}

TEST(LatencySampler, ExponentialHasItsMeanAndMedian) {
  core::latency_config config;
  config.type = kind::exponential;
  config.mean = 8ms;
  auto v = draw(config);
  EXPECT_NEAR(mean(v), 8e6, 8e6 * 0.02);
  EXPECT_NEAR(quantile(v, 0.5), 8e6 * std::log(2.0), 8e6 * std::log(2.0) * 0.03);
}

TEST(LatencySampler, ParetoStartsAtScaleAndFollowsItsQuantiles) {
  core::latency_config config;
  config.type = kind::pareto;
  config.scale = 1ms;
  config.shape = 2.0;
  auto v = draw(config);
  EXPECT_GE(v.front(), 1e6);
  // Q(p) = x_m / (1-p)^(1/alpha)
  EXPECT_NEAR(quantile(v, 0.5), 1e6 / std::sqrt(0.5), 1e6 / std::sqrt(0.5) * 0.03);
  EXPECT_NEAR(quantile(v, 0.99), 1e6 / std::sqrt(0.01), 1e6 / std::sqrt(0.01) * 0.05);
}

TEST(LatencySampler, EmpiricalReproducesItsPercentileTable) {
  core::latency_config config;
  config.type = kind::empirical;
  config.percentiles = {{0.5, 2ms}, {0.9, 5ms}, {0.99, 20ms}, {0.999, 50ms}};
  auto v = draw(config);
  EXPECT_NEAR(quantile(v, 0.5), 2e6, 2e6 * 0.02);
  EXPECT_NEAR(quantile(v, 0.9), 5e6, 5e6 * 0.05);  // steep right of p90: quantile noise is amplified
  EXPECT_NEAR(quantile(v, 0.99), 20e6, 20e6 * 0.05);
  EXPECT_NEAR(quantile(v, 0.7), 3.5e6, 3.5e6 * 0.03);  // linear between the points
  EXPECT_EQ(v.front(), 2e6);                          // below the first point: its value
  EXPECT_EQ(v.back(), 50e6);                          // above the last: its value
}

TEST(LatencySampler, ClampBoundsEveryKind) {
  core::latency_config config;
  config.type = kind::exponential;
  config.mean = 10ms;
  config.min = 1ms;
  config.max = 15ms;
  auto v = draw(config);
  EXPECT_GE(v.front(), 1e6);
  EXPECT_LE(v.back(), 15e6);
}

TEST(LatencySampler, SameSeedGivesTheSameSequence) {
  core::latency_config config;
  config.type = kind::lognormal;
  config.p50 = 1ms;
  config.p99 = 10ms;
  EXPECT_EQ(draw(config, 7), draw(config, 7));
  EXPECT_NE(draw(config, 7), draw(config, 8));
}

}  // namespace
}  // namespace portico::mock
