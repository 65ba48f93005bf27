#include "gateway/ratelimit/sliding_counter.hpp"
#include "gateway/ratelimit/sliding_log.hpp"

#include "tests/unit/gateway/ratelimit/step_table.hpp"

namespace portico::gateway {
namespace {

using namespace testing;

// Log: allow iff fewer than L allowed requests in (t - W, t].
TEST(SlidingLog, CountsAllowedRequestsInTheHalfOpenWindow) {
  run_steps(sliding_log(2, 1'000'000'000), {
                                               {0ms, true, 1},
                                               {500ms, true, 0},
                                               {600ms, false, 0, 400ms},
                                               {1000ms, true, 0},  // t=0 is outside (0, 1000]
                                               {1200ms, false, 0, 300ms},
                                               {1500ms, true, 0},
                                           });
}

TEST(SlidingLog, DeniedRequestsAreNotLoggedSoHammeringDoesNotExtendTheWait) {
  std::vector<step> steps{{0ms, true, 0}};
  for (int i = 1; i < 10; ++i) steps.push_back({i * 100ms, false, 0, 1s - i * 100ms});
  steps.push_back({1s, true, 0});
  run_steps(sliding_log(1, 1'000'000'000), steps);
}

TEST(SlidingLog, AllowsABurstOfLAtOneInstantThenWaitsAFullWindow) {
  run_steps(sliding_log(3, 1'000'000'000), {
                                               {5s, true, 2},
                                               {5s, true, 1},
                                               {5s, true, 0},
                                               {5999ms, false, 0, 1ms},
                                               {6s, true, 2},
                                           });
}

TEST(SlidingLog, CostAboveOneNeedsRoomForAllOfIt) {
  run_steps(sliding_log(3, 1'000'000'000), {
                                               {0ms, true, 2},
                                               {100ms, true, 1},
                                               {200ms, false, 1, 900ms, 0ns, 3},  // both 0 and 100 ms must leave
                                               {200ms, true, 0, 0ns, 0ns, 1},
                                               {1100ms, true, 0, 0ns, 0ns, 2},
                                           });
}

// Counter: prev * (W - e) / W + curr + 1 <= L, exactly.
TEST(SlidingCounter, WeighsThePreviousWindowByTheUnelapsedFraction) {
  std::vector<step> steps;
  for (int i = 0; i < 10; ++i) steps.push_back({0ms, true, 9 - i});
  steps.push_back({999ms, false, 0, 1ms + 100ms});  // next window: 10 * (W - e) + 1 W <= 10 W from e = 0.1 W
  // e = 0.5 W: 10 * 0.5 = 5, so curr may reach 5; the equality case must allow.
  for (int i = 0; i < 5; ++i) steps.push_back({1500ms, true, 4 - i});
  steps.push_back({1500ms, false, 0, 100ms});  // 10 * (W - e) + 6 W <= 10 W at e = 0.6 W
  steps.push_back({1600ms, true, 0});
  run_steps(sliding_counter(10, 1'000'000'000), steps);
}

TEST(SlidingCounter, EqualityCasesAreExactWhereFloatsWouldRound) {
  // W = 3 ns, L = 3: prev = 3 weighs 3 * (3 - 1) / 3 = 2 at e = 1, leaving exactly one request.
  run_steps(sliding_counter(3, 3), {
                                       {0ns, true, 2},
                                       {0ns, true, 1},
                                       {0ns, true, 0},
                                       {4ns, true, 0},
                                       {4ns, false, 0, 1ns},  // at e = 2 prev weighs 1: 1 + 2 <= 3
                                   });
}

TEST(SlidingCounter, DiscardsStaleWindows) {
  std::vector<step> steps;
  for (int i = 0; i < 3; ++i) steps.push_back({100ms, true, 2 - i});
  for (int i = 0; i < 3; ++i) steps.push_back({2100ms, true, 2 - i});  // window 1 was empty: prev = 0
  run_steps(sliding_counter(3, 1'000'000'000), steps);
}

TEST(SlidingCounter, CountDeniedVariantRaisesTheCurrentCount) {
  sliding_counter plain(2, 1'000'000'000), charged(2, 1'000'000'000, true);
  sliding_counter::state a, b;
  for (int i = 0; i < 4; ++i) {
    plain.decide(a, core::time_point{0ms});
    charged.decide(b, core::time_point{0ms});
  }
  EXPECT_EQ(a.curr, 2);
  EXPECT_EQ(b.curr, 4);
  // In the next window the charged client carries prev = 4: at e = 0.5 W, 2 + 0 + 1 > 2.
  EXPECT_TRUE(plain.decide(a, core::time_point{1500ms}).allowed);
  EXPECT_FALSE(charged.decide(b, core::time_point{1500ms}).allowed);
}

TEST(SlidingCounter, ResetIsWhenBothWindowsHaveAgedOut) {
  sliding_counter c(5, 1'000'000'000);
  sliding_counter::state s;
  EXPECT_EQ(c.decide(s, core::time_point{200ms}).reset_after, 1800ms);
}

}  // namespace
}  // namespace portico::gateway
