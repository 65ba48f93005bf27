#pragma once
// Time-stepped decision tables shared by the algorithm tests: each row is one request at an
// absolute time with the decision the algorithm must return. Expected durations are exact.
#include "core/time/clock.hpp"
#include "gateway/ratelimit/decision.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <vector>

namespace portico::gateway::testing {

using namespace std::chrono_literals;
using std::chrono::nanoseconds;

struct step {
  nanoseconds at;
  bool allowed;
  std::int64_t remaining;
  nanoseconds retry_after{0};
  nanoseconds delay{0};
  std::int64_t cost = 1;
};

template <class Algorithm>
void run_steps(const Algorithm& algorithm, const std::vector<step>& steps) {
  typename Algorithm::state state;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const step& s = steps[i];
    const decision d = algorithm.decide(state, core::time_point{s.at}, s.cost);
    SCOPED_TRACE("step " + std::to_string(i) + " at " + std::to_string(s.at.count()) + "ns");
    EXPECT_EQ(d.allowed, s.allowed);
    EXPECT_EQ(d.remaining, s.remaining);
    EXPECT_EQ(d.retry_after, s.retry_after);
    EXPECT_EQ(d.delay, s.delay);
  }
}

}  // namespace portico::gateway::testing
