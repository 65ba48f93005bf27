// The open model's end-of-run bookkeeping when the generator thread wakes late. On a busy host
// the worker can be descheduled across the end of the measure phase; the arrivals intended
// before the end are still owed. They must go out (late, and counted as late), never vanish
// from every count. A clock that jumps forward once makes that late wake-up happen on purpose.
#include "core/time/clock.hpp"
#include "loadgen/driver.hpp"
#include "tests/support/stalling_http_server.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace portico::loadgen {
namespace {

using namespace std::chrono_literals;

// Real steady time, except that from `at` after construction it reads `jump` ahead: to the
// generator it looks as if its thread slept through that stretch. Monotonic, thread-safe.
class jumping_clock final : public core::clock {
 public:
  jumping_clock(core::nanos at, core::nanos jump) : origin_(real().now()), at_(at), jump_(jump) {}
  core::time_point now() const noexcept override {
    const auto t = real().now();
    return t - origin_ >= at_ ? t + jump_ : t;
  }

 private:
  static const core::clock& real() { return core::steady_clock_source::instance(); }
  core::time_point origin_;
  core::nanos at_, jump_;
};

TEST(LoadgenLateWake, ArrivalsDueBeforeTheEndAreSentWhenTheWorkerWakesAfterIt) {
  testing::stalling_http_server server;
  server.start();
  core::load_config load;
  load.type = core::load_config::model::open;
  load.target = "http://127.0.0.1:" + std::to_string(server.port()) + "/";
  load.connections = 4;
  load.schedule.push_back({core::schedule_stage::kind::constant, {500}, 1s});
  const core::phases_config phases{.warmup = 0s, .measure = 1s, .drain = 1s};
  // From 0.9 s on, the clock reads 0.2 s ahead: the first wake-up after 0.9 s sees 1.1 s, past
  // the end, with the arrivals of (0.9 s, 1 s) due and not yet admitted.
  const jumping_clock clock(900ms, 200ms);
  const auto r = run(load, phases, 1, clock);
  const auto& m = r.measure;
  EXPECT_EQ(m.overall.counts.sent, 500u) << "every arrival intended in the measure phase was sent";
  EXPECT_EQ(m.overall.counts.completed, 500u);
  EXPECT_EQ(m.overall.counts.errors, 0u);
  EXPECT_GE(m.late_sends, 40u) << "the arrivals of the skipped stretch went out late, and say so";
}

}  // namespace
}  // namespace portico::loadgen
