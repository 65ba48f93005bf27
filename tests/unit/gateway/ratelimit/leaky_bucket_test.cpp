// Leaky bucket = nginx limit_req. Worked examples with nginx's own arithmetic
// (excess in milli-requests, rate in milli-requests per second):
//
//   limit_req rate=2r/s burst=3;            (queue: shaping)
//   t=0   req1: new node, excess=0            -> forwarded now
//         req2: excess=0-0+1000=1000 <= 3000  -> delayed 1000*1000/2000 = 500 ms
//         req3: excess=2000                   -> delayed 1000 ms
//         req4: excess=3000                   -> delayed 1500 ms
//         req5: excess=4000 > 3000            -> 503 (here: denied, retry after 500 ms)
//   t=1s  req6: excess=3000-2000*1000/1000+1000=2000 -> delayed 1000 ms
//   limit_req ... burst=3 delay=1;  the first excess request is not delayed: 0, 0, 500, 1000 ms.
//   limit_req ... burst=2 nodelay;  (meter: policing) 3 at once, then 503 until 500 ms later.
// In GCRA terms nginx's excess after a request is (max(TAT, t) - t)/T with capacity burst + 1.
#include "gateway/ratelimit/exact_rate.hpp"
#include "gateway/ratelimit/gcra.hpp"

#include "tests/unit/gateway/ratelimit/step_table.hpp"

namespace portico::gateway {
namespace {

using namespace testing;

gcra leaky(std::int64_t per_second, std::int64_t burst, bool queue, bool nodelay, std::int64_t delay_after) {
  core::rate_limit_config c;
  c.algo = core::rate_limit_config::algorithm::leaky_bucket;
  c.limit_rate = core::rate{static_cast<double>(per_second)};
  c.burst = burst;
  c.leaky = queue ? core::rate_limit_config::leaky_variant::queue : core::rate_limit_config::leaky_variant::meter;
  c.nodelay = nodelay;
  c.delay_after = delay_after;
  return gcra(make_params(c));
}

TEST(LeakyBucketQueue, DelaysExcessRequestsLikeNginxLimitReqWithBurst) {
  run_steps(leaky(2, 3, true, false, 0), {
                                             {0ms, true, 3, 0ns, 0ms},
                                             {0ms, true, 2, 0ns, 500ms},
                                             {0ms, true, 1, 0ns, 1000ms},
                                             {0ms, true, 0, 0ns, 1500ms},
                                             {0ms, false, 0, 500ms, 0ms},
                                             {1000ms, true, 1, 0ns, 1000ms},
                                         });
}

TEST(LeakyBucketQueue, DelayParameterLetsTheFirstExcessRequestsThroughUndelayed) {
  run_steps(leaky(2, 3, true, false, 1), {
                                             {0ms, true, 3, 0ns, 0ms},
                                             {0ms, true, 2, 0ns, 0ms},
                                             {0ms, true, 1, 0ns, 500ms},
                                             {0ms, true, 0, 0ns, 1000ms},
                                             {0ms, false, 0, 500ms, 0ms},
                                         });
}

TEST(LeakyBucketQueue, DelaysAreExactForNonIntegerIntervals) {
  // 3 r/s: the second request of a burst waits one interval, 333333333.3 ns, rounded up.
  run_steps(leaky(3, 2, true, false, 0), {
                                             {0ms, true, 2, 0ns, 0ns},
                                             {0ms, true, 1, 0ns, 333'333'334ns},
                                             {0ms, true, 0, 0ns, 666'666'667ns},
                                             {1s, true, 2, 0ns, 0ns},  // drained: back to a full queue
                                         });
}

TEST(LeakyBucketQueue, NodelayForwardsTheBurstAtOnce) {
  run_steps(leaky(2, 3, true, true, 0), {
                                            {0ms, true, 3},
                                            {0ms, true, 2},
                                            {0ms, true, 1},
                                            {0ms, true, 0},
                                            {0ms, false, 0, 500ms},
                                        });
}

TEST(LeakyBucketMeter, PolicesBeyondRatePlusBurst) {
  run_steps(leaky(2, 2, false, false, 0), {
                                              {0ms, true, 2},
                                              {0ms, true, 1},
                                              {0ms, true, 0},
                                              {0ms, false, 0, 500ms},
                                              {499ms, false, 0, 1ms},
                                              {500ms, true, 0},
                                              {1500ms, true, 1},
                                          });
}

TEST(LeakyBucketMeter, BurstZeroMeansStrictPacing) {
  run_steps(leaky(10, 0, false, false, 0), {
                                               {0ms, true, 0},
                                               {50ms, false, 0, 50ms},
                                               {100ms, true, 0},
                                           });
}

}  // namespace
}  // namespace portico::gateway
