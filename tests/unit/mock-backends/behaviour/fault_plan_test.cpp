#include "mock-backends/behaviour/fault_plan.hpp"

#include <gtest/gtest.h>

#include <map>

namespace portico::mock {
namespace {

// Share of n decisions that came out as (kind, status).
struct tally {
  std::map<std::pair<fault_kind, int>, int> counts;
  int n = 0;
  tally(const fault_plan& plan, int draws, std::uint64_t seed = 3) : n(draws) {
    rng random(seed);
    for (int i = 0; i < n; ++i) {
      auto d = plan.decide(random);
      ++counts[{d.kind, d.status}];
    }
  }
  double share(fault_kind kind, int status = 0) const {
    auto it = counts.find({kind, status});
    return it == counts.end() ? 0.0 : it->second / double(n);
  }
};

TEST(FaultPlan, EmptyConfigNeverFires) {
  fault_plan plan{core::fault_config{}};
  EXPECT_TRUE(plan.empty());
  rng random(1);
  EXPECT_EQ(plan.decide(random).kind, fault_kind::none);
}

TEST(FaultPlan, StatusMixFiresAtItsConfiguredRates) {
  core::fault_config config;
  config.statuses = {{503, 0.02}, {504, 0.01}};
  constexpr int n = 400'000;
  tally counts(fault_plan(config), n);
  // Binomial sd at p=2%, n=400k is ~0.00022: a 10% relative tolerance is > 9 sd.
  EXPECT_NEAR(counts.share(fault_kind::status, 503), 0.02, 0.002);
  EXPECT_NEAR(counts.share(fault_kind::status, 504), 0.01, 0.001);
}

TEST(FaultPlan, EveryKindFiresAtItsRateAndAtMostOnePerRequest) {
  core::fault_config config;
  config.hang = 0.05;
  config.reset = 0.05;
  config.malformed = 0.05;
  config.close_mid_body = 0.05;
  config.slow_body = 0.05;
  config.slow_body_bytes_per_second = 100;
  constexpr int n = 200'000;
  tally counts(fault_plan(config), n);
  for (auto kind : {fault_kind::hang, fault_kind::reset, fault_kind::malformed, fault_kind::close_mid_body,
                    fault_kind::slow_body}) {
    EXPECT_NEAR(counts.share(kind, 0), 0.05, 0.003) << to_string(kind);
  }
  EXPECT_NEAR(counts.share(fault_kind::none, 0), 0.75, 0.005);
}

TEST(FaultPlan, SlowBodyCarriesItsSpeed) {
  core::fault_config config;
  config.slow_body = 1.0;
  config.slow_body_bytes_per_second = 512;
  rng random(1);
  auto d = fault_plan(config).decide(random);
  EXPECT_EQ(d.kind, fault_kind::slow_body);
  EXPECT_EQ(d.bytes_per_second, 512u);
}

TEST(FaultPlan, ProbabilitiesBeyondOneAreCutShort) {
  core::fault_config config;
  config.reset = 0.8;
  config.statuses = {{503, 0.8}};
  fault_plan plan(config);
  EXPECT_DOUBLE_EQ(plan.total_probability(), 1.0);
  tally counts(plan, 100'000);
  EXPECT_EQ(counts.share(fault_kind::none), 0.0);
  EXPECT_NEAR(counts.share(fault_kind::status, 503), 0.2, 0.01);
}

}  // namespace
}  // namespace portico::mock
