#include "gateway/ratelimit/fixed_window.hpp"

#include "tests/unit/gateway/ratelimit/step_table.hpp"

namespace portico::gateway {
namespace {

using namespace testing;

TEST(FixedWindow, AllowsUpToTheLimitAndReopensExactlyAtTheWindowBoundary) {
  run_steps(fixed_window(3, 1'000'000'000), {
                                                {0ms, true, 2},
                                                {500ms, true, 1},
                                                {999'999'999ns, true, 0},
                                                {999'999'999ns, false, 0, 1ns},
                                                {1s, true, 2},
                                                {1s, true, 1},
                                            });
}

TEST(FixedWindow, AlignsWindowsToTheClockOriginNotToTheFirstRequest) {
  run_steps(fixed_window(2, 1'000'000'000), {
                                                {900ms, true, 1},
                                                {950ms, true, 0},
                                                {990ms, false, 0, 10ms},
                                                {1000ms, true, 1},  // a new window 100 ms after the first request
                                            });
}

TEST(FixedWindow, HandlesNegativeTimesWithFloorDivision) {
  run_steps(fixed_window(1, 1'000'000'000), {
                                                {-1ns, true, 0},
                                                {-1ns, false, 0, 1ns},
                                                {0ns, true, 0},
                                            });
}

TEST(FixedWindow, DeniedRequestsConsumeNothingByDefault) {
  run_steps(fixed_window(3, 1'000'000'000), {
                                                {0ms, true, 1, 0ns, 0ns, 2},
                                                {1ms, false, 1, 999ms, 0ns, 2},
                                                {2ms, true, 0},
                                            });
}

TEST(FixedWindow, CountDeniedVariantChargesDenials) {
  run_steps(fixed_window(3, 1'000'000'000, true), {
                                                      {0ms, true, 1, 0ns, 0ns, 2},
                                                      {1ms, false, 0, 999ms, 0ns, 2},
                                                      {2ms, false, 0, 998ms},
                                                      {1s, true, 2},
                                                  });
}

TEST(FixedWindow, ReportsResetAsTheTimeToTheWindowEnd) {
  fixed_window w(5, 1'000'000'000);
  fixed_window::state s;
  EXPECT_EQ(w.decide(s, core::time_point{250ms}).reset_after, 750ms);
  EXPECT_EQ(w.decide(s, core::time_point{1250ms}).reset_after, 750ms);
}

TEST(FixedWindow, LateReaderJoinsTheStoredWindow) {
  fixed_window w(1, 1'000'000'000);
  fixed_window::state s;
  EXPECT_TRUE(w.decide(s, core::time_point{1s}).allowed);
  EXPECT_FALSE(w.decide(s, core::time_point{999ms}).allowed);  // read the clock just before
}

}  // namespace
}  // namespace portico::gateway
