// Consistent hashing properties of ring_hash and maglev: ~1/N of the keys move when one of N
// hosts joins or leaves, different LB instances (proxy threads) agree, and Maglev's table is
// balanced.
#include "gateway/lb/hash.hpp"
#include "gateway/lb/maglev.hpp"
#include "gateway/lb/ring_hash.hpp"

#include "lb_test_util.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using core::lb_algorithm;
using test::algorithm_name;
constexpr int keys = 50000;

// Host *names* of the pick for every key (indices shift when the host list changes).
std::vector<std::string> assignment(lb_algorithm algorithm, const host_set& hs) {
  auto lb = make_load_balancer(algorithm, hs);
  std::vector<std::string> out;
  out.reserve(keys);
  for (int k = 0; k < keys; ++k) out.push_back(hs.spec(*lb->choose({test::fmix_key(k)})).name);
  return out;
}

struct move_stats {
  double moved = 0;           // share of keys whose host changed
  double moved_elsewhere = 0; // share of keys that moved but not to/from the changed host
};

move_stats compare(const std::vector<std::string>& before, const std::vector<std::string>& after,
                   const std::string& changed_host) {
  int moved = 0, elsewhere = 0;
  for (int k = 0; k < keys; ++k) {
    if (before[k] == after[k]) continue;
    ++moved;
    if (before[k] != changed_host && after[k] != changed_host) ++elsewhere;
  }
  return {moved / double(keys), elsewhere / double(keys)};
}

class ConsistentHash : public ::testing::TestWithParam<lb_algorithm> {};

TEST_P(ConsistentHash, AddingAHostMovesAboutOneNthOfTheKeysToIt) {
  constexpr std::size_t n = 10;
  auto specs = test::hosts(n + 1);
  const auto added = specs.back().name;
  host_set after_set(specs);
  specs.pop_back();
  host_set before_set(specs);
  const auto s = compare(assignment(GetParam(), before_set), assignment(GetParam(), after_set), added);
  EXPECT_NEAR(s.moved, 1.0 / (n + 1), 0.35 / (n + 1));
  // Ring hash moves keys only to the new host; Maglev may reshuffle a little more (paper §3.4).
  EXPECT_LE(s.moved_elsewhere, GetParam() == lb_algorithm::ring_hash ? 0.0 : 0.03);
}

TEST_P(ConsistentHash, RemovingAHostMovesOnlyItsKeys) {
  constexpr std::size_t n = 10;
  auto specs = test::hosts(n);
  host_set before_set(specs);
  const auto removed = specs[3].name;
  specs.erase(specs.begin() + 3);
  host_set after_set(specs);
  const auto s = compare(assignment(GetParam(), before_set), assignment(GetParam(), after_set), removed);
  EXPECT_NEAR(s.moved, 1.0 / n, 0.35 / n);
  EXPECT_LE(s.moved_elsewhere, GetParam() == lb_algorithm::ring_hash ? 0.0 : 0.03);
}

TEST_P(ConsistentHash, AnUnhealthyHostLosesOnlyItsKeysAndGetsThemBack) {
  host_set hs(test::hosts(8));
  auto lb = make_load_balancer(GetParam(), hs);
  const auto before = assignment(GetParam(), hs);
  hs.set_healthy(5, false);
  std::vector<std::string> during;
  for (int k = 0; k < keys; ++k) during.push_back(hs.spec(*lb->choose({test::fmix_key(k)})).name);
  const auto s = compare(before, during, hs.spec(5).name);
  EXPECT_NEAR(s.moved, 1.0 / 8, 0.35 / 8);
  EXPECT_LE(s.moved_elsewhere, GetParam() == lb_algorithm::ring_hash ? 0.0 : 0.03);
  hs.set_healthy(5, true);
  for (int k = 0; k < keys; k += 97) EXPECT_EQ(hs.spec(*lb->choose({test::fmix_key(k)})).name, before[k]);
  EXPECT_EQ(lb->counters().rebuilds, 3u);  // construction, down, up
}

TEST_P(ConsistentHash, IndependentInstancesAgreeOnEveryKey) {
  host_set hs(test::hosts(6));
  auto a = make_load_balancer(GetParam(), hs, {.seed = 1});
  auto b = make_load_balancer(GetParam(), hs, {.seed = 2});
  for (int k = 0; k < 2000; ++k) ASSERT_EQ(a->choose({test::fmix_key(k)}), b->choose({test::fmix_key(k)}));
}

INSTANTIATE_TEST_SUITE_P(Lb, ConsistentHash, ::testing::Values(lb_algorithm::ring_hash, lb_algorithm::maglev),
                         algorithm_name);

TEST(Maglev, TableIsBalancedAcrossHosts) {
  host_set hs(test::hosts(7));
  maglev_lb lb(hs, {});
  const auto counts = lb.entries_per_host();
  std::size_t total = 0;
  for (auto c : counts) {
    total += c;
    EXPECT_NEAR(c, 65537.0 / 7, 65537.0 / 7 * 0.01);
  }
  EXPECT_EQ(total, 65537u);
}

TEST(Hash, IsStableAcrossBuilds) {
  // Pinned values: consistent-hash placement must not change between versions or platforms.
  EXPECT_EQ(hash64(""), fmix64(0xcbf29ce484222325ULL));
  EXPECT_EQ(hash64("10.0.0.1"), hash64("10.0.0.1"));
  EXPECT_NE(hash64("10.0.0.1"), hash64("10.0.0.2"));
  static_assert(hash64("a") == fmix64((0xcbf29ce484222325ULL ^ 'a') * 0x100000001b3ULL));
}

TEST(HashPolicy, ExtractsKeysFromClientIpHeaderOrCookie) {
  struct headers final : header_view {
    std::string_view get(std::string_view name) const override {
      if (name == "X-User") return "alice";
      if (name == "Cookie") return "theme=dark; sid=s-123";
      return {};
    }
  } h;
  EXPECT_EQ(hash_policy("client_ip").key("192.0.2.1", h), hash64("192.0.2.1"));
  EXPECT_EQ(hash_policy("header:X-User").key("192.0.2.1", h), hash64("alice"));
  EXPECT_EQ(hash_policy("cookie:sid").key("192.0.2.1", h), hash64("s-123"));
  EXPECT_EQ(hash_policy("cookie:missing").key("192.0.2.1", h), std::nullopt);
  EXPECT_EQ(hash_policy("header:X-None").key("192.0.2.1", h), std::nullopt);
  EXPECT_EQ(hash_policy("header:X-User").kind(), hash_policy::source::header);
  for (const char* bad : {"header:", "ip", "cookie", "query:x"}) EXPECT_THROW(hash_policy{bad}, std::invalid_argument) << bad;
}

}  // namespace
}  // namespace portico::gateway
