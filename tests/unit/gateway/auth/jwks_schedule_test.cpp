// jwks_schedule as time-stepped sequences: scheduled refreshes, max-age, retries after failures,
// the unknown-kid rate limit, and one fetch at a time.
#include "gateway/auth/jwks_schedule.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;

core::time_point at(core::nanos t) { return core::time_point{t}; }

TEST(JwksSchedule, RefreshesEveryIntervalAfterTheLastSuccess) {
  jwks_schedule s(5min, 10s);
  EXPECT_TRUE(s.in_flight());  // the start-up fetch
  EXPECT_FALSE(s.start_if_due(at(0s)));
  s.finished(at(0s), true);
  EXPECT_EQ(s.next_due(), at(5min));
  EXPECT_FALSE(s.start_if_due(at(5min - 1ns)));
  EXPECT_TRUE(s.start_if_due(at(5min)));
  EXPECT_EQ(s.next_due(), at(core::nanos::max()));
  EXPECT_FALSE(s.start_if_due(at(6min)));  // one fetch at a time
  s.finished(at(5min + 2s), true);
  EXPECT_EQ(s.next_due(), at(10min + 2s));
}

TEST(JwksSchedule, RetriesAFailedFetchAfterTheMinimumInterval) {
  jwks_schedule s(5min, 10s);
  s.finished(at(0s), true);
  ASSERT_TRUE(s.start_if_due(at(5min)));
  s.finished(at(5min), false);
  EXPECT_EQ(s.next_due(), at(5min + 10s));
  ASSERT_TRUE(s.start_if_due(at(5min + 10s)));
  s.finished(at(5min + 10s), true);
  EXPECT_EQ(s.next_due(), at(10min + 10s));
}

TEST(JwksSchedule, MaxAgeShortensTheIntervalWithinItsBounds) {
  struct row {
    core::nanos max_age, expected_wait;
  };
  for (const row r : {row{60s, 60s}, row{0s, 10s}, row{3s, 10s}, row{1h, 5min}, row{5min, 5min}}) {
    jwks_schedule s(5min, 10s);
    s.finished(at(1s), true, r.max_age);
    EXPECT_EQ(s.next_due(), at(1s + r.expected_wait)) << r.max_age.count();
  }
}

TEST(JwksSchedule, UnknownKidsFetchAtMostOncePerMinimumInterval) {
  jwks_schedule s(5min, 10s);
  EXPECT_FALSE(s.start_after_miss(at(0s)));  // the start-up fetch is still in flight
  s.finished(at(0s), true);
  EXPECT_TRUE(s.start_after_miss(at(1s)));
  EXPECT_FALSE(s.start_after_miss(at(1s)));  // in flight
  s.finished(at(1s), true);
  EXPECT_EQ(s.next_due(), at(5min + 1s));  // a miss fetch also restarts the interval
  for (core::nanos t = 1s; t < 11s; t += 1s) EXPECT_FALSE(s.start_after_miss(at(t))) << t.count();
  EXPECT_TRUE(s.start_after_miss(at(11s)));
  s.finished(at(11s), false);
  EXPECT_FALSE(s.start_after_miss(at(20s)));
  EXPECT_TRUE(s.start_after_miss(at(21s)));
}

TEST(JwksSchedule, AMinimumAboveTheIntervalIsCappedByIt) {
  jwks_schedule s(5s, 1min);
  s.finished(at(0s), false);
  EXPECT_EQ(s.next_due(), at(5s));
}

TEST(CacheControlMaxAge, ReadsMaxAgeAndTreatsNoStoreAsZero) {
  EXPECT_EQ(cache_control_max_age("public, max-age=300"), core::nanos(300s));
  EXPECT_EQ(cache_control_max_age("Max-Age=\"60\", must-revalidate"), core::nanos(60s));
  EXPECT_EQ(cache_control_max_age("no-store"), core::nanos(0));
  EXPECT_EQ(cache_control_max_age("max-age=99999999999999999999"), core::nanos(std::chrono::hours(24 * 365)));
  EXPECT_EQ(cache_control_max_age("public"), std::nullopt);
  EXPECT_EQ(cache_control_max_age("max-age=-1"), std::nullopt);
  EXPECT_EQ(cache_control_max_age("max-age=12x"), std::nullopt);
  EXPECT_EQ(cache_control_max_age(""), std::nullopt);
}

}  // namespace
}  // namespace portico::gateway
