#include "gateway/ratelimit/discrete_bucket.hpp"
#include "gateway/ratelimit/gcra.hpp"

#include "tests/unit/gateway/ratelimit/step_table.hpp"

namespace portico::gateway {
namespace {

using namespace testing;

gcra bucket(std::int64_t count, std::int64_t period_ns, std::int64_t capacity) {
  return gcra(gcra_config{{count, period_ns}, capacity});
}

// Continuous refill, as GCRA: rate 2/s (one token per 500 ms), capacity 3, starts full.
TEST(TokenBucket, StartsFullAllowsTheBurstThenRefillsContinuously) {
  run_steps(bucket(2, 1'000'000'000, 3), {
                                             {0ms, true, 2},
                                             {0ms, true, 1},
                                             {0ms, true, 0},
                                             {0ms, false, 0, 500ms},
                                             {250ms, false, 0, 250ms},  // half a token
                                             {500ms, true, 0},
                                             {750ms, false, 0, 250ms},
                                             {1000ms, true, 0},
                                             {4000ms, true, 2},  // capped at capacity while idle
                                         });
}

TEST(TokenBucket, KeepsFractionalTokensAcrossDenials) {
  run_steps(bucket(1, 1'000'000'000, 1), {
                                             {0ms, true, 0},
                                             {400ms, false, 0, 600ms},
                                             {700ms, false, 0, 300ms},  // the 0.4 token from before still counts
                                             {1000ms, true, 0},
                                         });
}

TEST(TokenBucket, RefillIsExactForRatesWithoutAWholeNanosecondInterval) {
  // 3/s: one token every 333333333.3 ns. Exactly one second refills exactly three tokens...
  run_steps(bucket(3, 1'000'000'000, 3), {
                                             {0s, true, 2},
                                             {0s, true, 1},
                                             {0s, true, 0},
                                             {1s, true, 2},
                                             {1s, true, 1},
                                             {1s, true, 0},
                                             {1s, false, 0, 333'333'334ns},
                                         });
  // ... and one nanosecond less leaves 2.999999997 tokens: two requests, not three.
  run_steps(bucket(3, 1'000'000'000, 3), {
                                             {0s, true, 2},
                                             {0s, true, 1},
                                             {0s, true, 0},
                                             {999'999'999ns, true, 1},
                                             {999'999'999ns, true, 0},
                                             {999'999'999ns, false, 0, 1ns},
                                         });
}

TEST(TokenBucket, SlowRatesPerMinuteAreExact) {
  const exact_rate per_minute = to_exact_rate(core::rate{1.0 / 60});
  EXPECT_EQ(per_minute.count, 1);
  EXPECT_EQ(per_minute.period_ns, 60'000'000'000);
  run_steps(gcra(gcra_config{per_minute, 1}), {
                                                  {0s, true, 0},
                                                  {59'999'999'999ns, false, 0, 1ns},
                                                  {60s, true, 0},
                                              });
}

TEST(TokenBucket, CostAboveOneTakesSeveralTokens) {
  run_steps(bucket(10, 1'000'000'000, 10), {
                                               {0ms, true, 4, 0ns, 0ns, 6},
                                               {0ms, false, 4, 100ms, 0ns, 5},
                                               {100ms, true, 0, 0ns, 0ns, 5},
                                           });
}

TEST(TokenBucket, ResetIsTheTimeUntilTheBucketIsFull) {
  gcra g = bucket(2, 1'000'000'000, 3);
  gcra::state s;
  g.decide(s, core::time_point{0ms});
  EXPECT_EQ(g.decide(s, core::time_point{100ms}).reset_after, 900ms);  // 2 tokens out, 0.2 back
}

TEST(TokenBucket, OriginDoesNotChangeDecisions) {
  gcra a(gcra_config{{7, 1'000'000'000}, 4, false, 0, 0});
  gcra b(gcra_config{{7, 1'000'000'000}, 4, false, 0, 123'456'789});
  gcra::state sa, sb;
  for (std::int64_t t = 200'000'000; t < 3'000'000'000; t += 37'000'001) {
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(a.decide(sa, core::time_point{std::chrono::nanoseconds{t}}),
                b.decide(sb, core::time_point{std::chrono::nanoseconds{t}}));
    }
  }
}

// Discrete refill: 2 tokens at every whole second (aligned to the clock origin), capacity 4.
TEST(TokenBucketDiscrete, AddsNTokensEveryFAlignedToTheOrigin) {
  run_steps(discrete_bucket(4, 2, 1'000'000'000), {
                                                      {500ms, true, 3},
                                                      {500ms, true, 2},
                                                      {500ms, true, 1},
                                                      {500ms, true, 0},
                                                      {999ms, false, 0, 1ms},
                                                      {1000ms, true, 1},
                                                      {1000ms, true, 0},
                                                      {1000ms, false, 0, 1s},
                                                      {3200ms, true, 3},  // two fills, capped at 4
                                                      {3200ms, false, 3, 800ms, 0ns, 4},
                                                  });
}

TEST(TokenBucketDiscrete, ResetCountsTheFillsNeededToBeFull) {
  discrete_bucket b(4, 2, 1'000'000'000);
  discrete_bucket::state s;
  decision d;
  for (int i = 0; i < 4; ++i) d = b.decide(s, core::time_point{500ms});
  EXPECT_EQ(d.reset_after, 1500ms);
}

}  // namespace
}  // namespace portico::gateway
