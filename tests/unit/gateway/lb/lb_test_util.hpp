#pragma once
// Helpers shared by the LB tests: host sets and pick histograms.
#include "gateway/lb/hash.hpp"
#include "gateway/lb/load_balancer.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace portico::gateway::test {

inline std::vector<host_spec> hosts_with_weights(const std::vector<std::uint32_t>& weights) {
  std::vector<host_spec> specs;
  for (std::size_t i = 0; i < weights.size(); ++i) specs.push_back({"10.0.0." + std::to_string(i + 1) + ":8080", weights[i]});
  return specs;
}

inline std::vector<host_spec> hosts(std::size_t n) { return hosts_with_weights(std::vector<std::uint32_t>(n, 1)); }

constexpr core::lb_algorithm all_algorithms[] = {
    core::lb_algorithm::round_robin, core::lb_algorithm::weighted_round_robin, core::lb_algorithm::least_request,
    core::lb_algorithm::p2c,         core::lb_algorithm::random,               core::lb_algorithm::ring_hash,
    core::lb_algorithm::maglev};

inline std::uint64_t fmix_key(std::uint64_t i) { return fmix64(i + 1); }

// Parameter names for TEST_P suites over algorithms.
inline std::string algorithm_name(const ::testing::TestParamInfo<core::lb_algorithm>& info) {
  return to_string(info.param);
}

// Counts picks over `n` choices; hash policies get well-mixed distinct key hashes.
inline std::vector<int> histogram(load_balancer& lb, std::size_t hosts, int n) {
  std::vector<int> counts(hosts, 0);
  for (int i = 0; i < n; ++i) {
    const auto pick = lb.choose({fmix_key(static_cast<std::uint64_t>(i))});
    if (pick) ++counts[*pick];
  }
  return counts;
}

}  // namespace portico::gateway::test
