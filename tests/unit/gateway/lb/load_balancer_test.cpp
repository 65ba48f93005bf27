#include "gateway/lb/load_balancer.hpp"

#include "lb_test_util.hpp"

#include <gtest/gtest.h>

#include <set>

namespace portico::gateway {
namespace {

using core::lb_algorithm;
using test::algorithm_name;
using test::all_algorithms;
using test::histogram;

class EveryPolicy : public ::testing::TestWithParam<lb_algorithm> {};

TEST_P(EveryPolicy, NeverChoosesUnhealthyOrEjectedHosts) {
  host_set hs(test::hosts(5));
  hs.set_healthy(1, false);
  hs.set_ejected(3, true);
  auto lb = make_load_balancer(GetParam(), hs, {.seed = 3});
  const auto counts = histogram(*lb, 5, 5000);
  EXPECT_EQ(counts[1], 0);
  EXPECT_EQ(counts[3], 0);
  EXPECT_GT(counts[0] + counts[2] + counts[4], 4999);
  EXPECT_EQ(lb->counters().panic, 0u);
}

TEST_P(EveryPolicy, SkipsAHostUntilItIsBothHealthyAndNotEjected) {
  host_set hs(test::hosts(3));
  auto lb = make_load_balancer(GetParam(), hs, {.seed = 4});
  EXPECT_GT(histogram(*lb, 3, 300)[1], 0);
  // Changed after the policy was built (hash tables must notice), by both health and ejection.
  hs.set_healthy(1, false);
  hs.set_ejected(1, true);
  EXPECT_EQ(histogram(*lb, 3, 300)[1], 0);
  hs.set_healthy(1, true);  // healthy again, still ejected
  EXPECT_EQ(histogram(*lb, 3, 300)[1], 0);
  hs.set_ejected(1, false);
  EXPECT_GT(histogram(*lb, 3, 300)[1], 0);
  EXPECT_EQ(lb->counters().panic, 0u);
}

TEST_P(EveryPolicy, SpreadsEqualWeightsOverEveryHost) {
  host_set hs(test::hosts(4));
  auto lb = make_load_balancer(GetParam(), hs, {.seed = 5});
  for (int c : histogram(*lb, 4, 40000)) EXPECT_NEAR(c / 40000.0, 0.25, 0.03);
}

TEST_P(EveryPolicy, PanicsOverAllHostsWhenNoneIsAvailable) {
  host_set hs(test::hosts(3));
  for (std::size_t i = 0; i < 3; ++i) hs.set_healthy(i, false);
  auto lb = make_load_balancer(GetParam(), hs, {.seed = 9});
  const auto counts = histogram(*lb, 3, 300);
  EXPECT_EQ(counts[0] + counts[1] + counts[2], 300);
  EXPECT_EQ(lb->counters().panic, 300u);
  hs.set_healthy(2, true);  // one host back: no more panic, everything goes there
  const auto after = histogram(*lb, 3, 100);
  EXPECT_EQ(after[2], 100);
  EXPECT_EQ(lb->counters().panic, 300u);
}

TEST_P(EveryPolicy, ReturnsNothingForAnEmptyHostSet) {
  host_set hs({});
  auto lb = make_load_balancer(GetParam(), hs);
  EXPECT_FALSE(lb->choose({}).has_value());
  EXPECT_FALSE(lb->choose({42}).has_value());
  EXPECT_EQ(lb->counters().no_host, 2u);
}

TEST_P(EveryPolicy, IsDeterministicForAGivenSeed) {
  host_set hs(test::hosts(7));
  auto a = make_load_balancer(GetParam(), hs, {.seed = 11});
  auto b = make_load_balancer(GetParam(), hs, {.seed = 11});
  for (int i = 0; i < 1000; ++i) {
    const std::optional<std::uint64_t> key = i % 3 == 0 ? std::nullopt : std::optional<std::uint64_t>(test::fmix_key(i));
    ASSERT_EQ(a->choose({key}), b->choose({key})) << i;
  }
  EXPECT_EQ(a->algorithm(), GetParam());
}

TEST_P(EveryPolicy, NeverChoosesZeroWeightHostsWhileOthersAreUp) {
  host_set hs(test::hosts_with_weights({1, 0, 1}));
  auto lb = make_load_balancer(GetParam(), hs, {.seed = 2});
  EXPECT_EQ(histogram(*lb, 3, 1000)[1], 0);
}

INSTANTIATE_TEST_SUITE_P(Lb, EveryPolicy, ::testing::ValuesIn(all_algorithms),
                         algorithm_name);

TEST(RoundRobin, CyclesThroughHostsInOrder) {
  host_set hs(test::hosts(3));
  auto lb = make_load_balancer(lb_algorithm::round_robin, hs);
  const auto first = *lb->choose({});
  for (std::size_t i = 1; i < 9; ++i) EXPECT_EQ(*lb->choose({}), (first + i) % 3);
}

TEST(WeightedRoundRobin, FollowsNginxSmoothSequence) {
  host_set hs(test::hosts_with_weights({5, 1, 1}));
  auto lb = make_load_balancer(lb_algorithm::weighted_round_robin, hs);
  std::string seq;
  for (int i = 0; i < 14; ++i) seq.push_back(static_cast<char>('a' + *lb->choose({})));
  EXPECT_EQ(seq, "aabacaaaabacaa");
}

// Weighted distribution within tolerance, per policy that honours weights without load.
TEST(WeightedPolicies, RespectWeightsWithinTolerance) {
  struct row {
    lb_algorithm algorithm;
    double tolerance;  // absolute, on shares
  };
  const std::vector<std::uint32_t> weights = {1, 2, 3, 4};
  for (const auto& [algorithm, tolerance] : std::vector<row>{{lb_algorithm::weighted_round_robin, 0.0001},
                                                             {lb_algorithm::random, 0.01},
                                                             {lb_algorithm::ring_hash, 0.03},
                                                             {lb_algorithm::maglev, 0.01}}) {
    host_set hs(test::hosts_with_weights(weights));
    auto lb = make_load_balancer(algorithm, hs, {.seed = 21});
    constexpr int n = 100000;
    const auto counts = histogram(*lb, 4, n);
    for (std::size_t i = 0; i < 4; ++i)
      EXPECT_NEAR(counts[i] / double(n), weights[i] / 10.0, tolerance) << to_string(algorithm) << " host " << i;
  }
}

TEST(LeastRequest, PicksTheHostWithFewestOutstandingPerWeight) {
  host_set hs(test::hosts_with_weights({1, 1, 4}));
  auto lb = make_load_balancer(lb_algorithm::least_request, hs);
  for (int i = 0; i < 3; ++i) hs.on_request_start(0);
  hs.on_request_start(1);
  for (int i = 0; i < 3; ++i) hs.on_request_start(2);  // 3/4 < 1/1 < 3/1
  EXPECT_EQ(*lb->choose({}), 2u);
  hs.on_request_start(2);
  hs.on_request_start(2);  // 5/4 > 1/1
  EXPECT_EQ(*lb->choose({}), 1u);
}

TEST(P2c, NeverPicksTheBusiestOfThreeHosts) {
  host_set hs(test::hosts(3));
  for (int i = 0; i < 10; ++i) hs.on_request_start(1);
  auto lb = make_load_balancer(lb_algorithm::p2c, hs, {.seed = 4});
  EXPECT_EQ(histogram(*lb, 3, 3000)[1], 0);  // any pair including host 1 has a less busy partner
}

TEST(OutstandingGuard, CountsAnAttemptForItsLifetime) {
  host_set hs(test::hosts(2));
  {
    outstanding_guard g(hs, 1);
    EXPECT_EQ(hs.outstanding(1), 1);
    auto moved = std::move(g);
    EXPECT_EQ(hs.outstanding(1), 1);
  }
  EXPECT_EQ(hs.outstanding(1), 0);
}

TEST(HostSet, BumpsGenerationOnlyOnRealChanges) {
  host_set hs(test::hosts(2));
  const auto g0 = hs.generation();
  hs.set_healthy(0, true);
  EXPECT_EQ(hs.generation(), g0);
  hs.set_ejected(0, true);
  EXPECT_EQ(hs.generation(), g0 + 1);
  EXPECT_EQ(hs.available_count(), 1u);
}

TEST(Factory, RejectsNonPrimeMaglevTables) {
  host_set hs(test::hosts(2));
  EXPECT_THROW(make_load_balancer(lb_algorithm::maglev, hs, {.maglev_table_size = 65536}), std::invalid_argument);
  EXPECT_NO_THROW(make_load_balancer(lb_algorithm::maglev, hs, {.maglev_table_size = 251}));
}

}  // namespace
}  // namespace portico::gateway
