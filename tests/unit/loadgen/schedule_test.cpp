#include "loadgen/schedule.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace portico::loadgen {
namespace {

using namespace std::chrono_literals;
using core::schedule_stage;
using arrivals = core::load_config::arrivals;

schedule_stage constant(double rate, nanos length) { return {schedule_stage::kind::constant, {rate}, length}; }
schedule_stage ramp(double to, nanos length) { return {schedule_stage::kind::ramp, {to}, length}; }
schedule_stage hold(nanos length) { return {schedule_stage::kind::hold, {}, length}; }

std::vector<nanos> take(schedule& s, std::size_t n) {
  std::vector<nanos> out;
  for (std::size_t i = 0; i < n; ++i) {
    auto t = s.next();
    if (!t) break;
    out.push_back(*t);
  }
  return out;
}

TEST(Schedule, ConstantRateSpacesSendsEvenlyFromZero) {
  schedule s({constant(1000, 10s)}, arrivals::uniform, 1);
  const auto times = take(s, 5);
  ASSERT_EQ(times.size(), 5u);
  for (std::size_t k = 0; k < times.size(); ++k) EXPECT_EQ(times[k], nanos{static_cast<std::int64_t>(k) * 1'000'000});
}

TEST(Schedule, ConstantRateHoldsExactlyRateTimesLengthSendsInItsWindow) {
  schedule s({constant(1000, 10s)}, arrivals::uniform, 1);
  std::size_t in_window = 0;
  for (;;) {
    const auto t = s.next();
    if (!t || *t >= 10s) break;
    ++in_window;
  }
  EXPECT_EQ(in_window, 10000u);
}

TEST(Schedule, RampSendTimeSolvesTheQuadraticOfTheIntegratedRate) {
  // 0 -> 1000/s over 10 s: N(t) = 50 t^2, so the k-th send is at sqrt(k / 50).
  schedule s({ramp(1000, 10s)}, arrivals::uniform, 1);
  const auto times = take(s, 5000);
  ASSERT_EQ(times.size(), 5000u);
  for (std::size_t k : {0u, 1u, 2u, 50u, 1234u, 4999u}) {
    EXPECT_NEAR(static_cast<double>(times[k].count()) * 1e-9, std::sqrt(static_cast<double>(k) / 50.0), 1e-9) << k;
  }
}

TEST(Schedule, RampStartsFromThePreviousStagesRate) {
  // 100/s for 1 s (100 sends), then 100 -> 300/s over 1 s: N(1 + tau) = 100 + 100 tau + 100 tau^2.
  schedule s({constant(100, 1s), ramp(300, 1s)}, arrivals::uniform, 1);
  const auto times = take(s, 400);
  const double tau = (-100 + std::sqrt(100.0 * 100 + 4 * 100 * 50)) / (2 * 100);  // k = 150
  EXPECT_NEAR(static_cast<double>(times[150].count()) * 1e-9, 1 + tau, 1e-9);
  EXPECT_EQ(times[100], 1s);
}

TEST(Schedule, RampDownIsSolvedToo) {
  // 1000 -> 0/s over 2 s: N(t) = 1000 t - 250 t^2, 1000 sends in all.
  rate_profile p({constant(1000, 0s), ramp(0, 2s)});
  EXPECT_NEAR(p.count_by(2s), 1000, 1e-9);
  const auto t = p.time_of(750);  // 1000 t - 250 t^2 = 750 -> t = 1
  ASSERT_TRUE(t);
  EXPECT_NEAR(static_cast<double>(t->count()) * 1e-9, 1.0, 1e-9);
  EXPECT_FALSE(p.time_of(1000.5)) << "the final rate is 0: no more sends";
}

TEST(Schedule, HoldKeepsThePreviousRate) {
  rate_profile p({ramp(2000, 1s), hold(2s)});
  EXPECT_DOUBLE_EQ(p.rate_at(2s), 2000);
  EXPECT_NEAR(p.count_by(3s), 1000 + 4000, 1e-9);
}

TEST(Schedule, StepIsASequenceOfConstants) {
  rate_profile p({constant(100, 1s), constant(500, 1s), constant(50, 1s)});
  EXPECT_DOUBLE_EQ(p.rate_at(500ms), 100);
  EXPECT_DOUBLE_EQ(p.rate_at(1500ms), 500);
  EXPECT_NEAR(p.count_by(3s), 650, 1e-9);
  EXPECT_EQ(*p.time_of(100), 1s);
  EXPECT_EQ(*p.time_of(600), 2s);
}

TEST(Schedule, FinalRateContinuesAfterTheLastStage) {
  rate_profile p({constant(10, 1s)});
  EXPECT_EQ(*p.time_of(15), 1500ms);
}

TEST(Schedule, ZeroRateStageIsSkippedWithoutSends) {
  schedule s({constant(0, 1s), constant(10, 1s)}, arrivals::uniform, 1);
  const auto times = take(s, 2);
  EXPECT_EQ(times[0], 1s);
  EXPECT_EQ(times[1], 1100ms);
}

TEST(Schedule, EmptyScheduleHasNoSends) {
  schedule s({}, arrivals::uniform, 1);
  EXPECT_FALSE(s.next());
}

TEST(Schedule, WorkersSplitTheSendsWithoutOverlapOrGaps) {
  schedule all({constant(1000, 1s)}, arrivals::uniform, 1);
  schedule w0({constant(1000, 1s)}, arrivals::uniform, 1, 3, 0);
  schedule w1({constant(1000, 1s)}, arrivals::uniform, 1, 3, 1);
  schedule w2({constant(1000, 1s)}, arrivals::uniform, 1, 3, 2);
  for (int k = 0; k < 30; ++k) {
    auto& w = k % 3 == 0 ? w0 : k % 3 == 1 ? w1 : w2;
    EXPECT_EQ(all.next(), w.next()) << k;
  }
}

TEST(Schedule, PoissonIsReproducibleForASeedAndDiffersAcrossSeeds) {
  schedule a({constant(1000, 10s)}, arrivals::poisson, 42), b({constant(1000, 10s)}, arrivals::poisson, 42);
  schedule c({constant(1000, 10s)}, arrivals::poisson, 43);
  const auto ta = take(a, 100), tb = take(b, 100), tc = take(c, 100);
  EXPECT_EQ(ta, tb);
  EXPECT_NE(ta, tc);
}

TEST(Schedule, PoissonHasTheIntendedMeanRateAndExponentialGaps) {
  schedule s({constant(1000, 100s)}, arrivals::poisson, 7);
  const auto times = take(s, 100000);
  ASSERT_EQ(times.size(), 100000u);
  const double span = static_cast<double>(times.back().count()) * 1e-9;
  EXPECT_NEAR(100000 / span, 1000, 15);  // ~ 1000 +- 3 sigma (sigma ~ 3.2)
  // Exponential gaps: the share of gaps longer than the mean is e^-1.
  std::size_t long_gaps = 0;
  for (std::size_t i = 1; i < times.size(); ++i) long_gaps += (times[i] - times[i - 1]) > 1ms;
  EXPECT_NEAR(static_cast<double>(long_gaps) / 99999.0, std::exp(-1.0), 0.01);
}

TEST(Schedule, TimesNeverDecrease) {
  for (auto a : {arrivals::uniform, arrivals::poisson}) {
    schedule s({ramp(5000, 1s), hold(1s), ramp(10, 1s)}, a, 3);
    nanos previous{0};
    for (int i = 0; i < 6000; ++i) {
      const auto t = s.next();
      ASSERT_TRUE(t);
      EXPECT_GE(*t, previous);
      previous = *t;
    }
  }
}

}  // namespace
}  // namespace portico::loadgen
