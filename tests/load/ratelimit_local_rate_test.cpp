// A 1000/s limit admits 1000/s (+-1 %) while two worker threads hammer one key on the real steady
// clock: the local store stays exact under contention. Bounded to about a second per algorithm.
// A load test (real time): buckets get a burst of 100, so that a worker descheduled for up to
// 100 ms on a busy machine wastes no refill; what the test checks is the arithmetic under
// contention, and expected = rate * elapsed + the burst the bucket starts with.
#include "gateway/ratelimit/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
using algo = core::rate_limit_config::algorithm;

TEST(LocalLimiterRate, AdmitsTheConfiguredRateWithAllWorkerThreadsOnOneKey) {
  for (algo a : {algo::token_bucket, algo::leaky_bucket, algo::sliding_window}) {
    core::rate_limit_config c;
    c.algo = a;
    c.limit_rate = core::rate{1000};
    c.window = 100ms;  // sliding window: 100 per 100 ms
    c.burst = 100;
    c.leaky = core::rate_limit_config::leaky_variant::meter;
    const auto& clock = core::steady_clock_source::instance();
    auto limiter = make_local_limiter(c, clock);
    std::atomic<bool> stop{false};
    std::atomic<int> running{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < 2; ++t) {
      workers.emplace_back([&] {
        running.fetch_add(1);
        while (!stop.load(std::memory_order_relaxed)) limiter->decide("one-key");
      });
    }
    // The measured span is while both workers load the limiter: from both running to stop.
    while (running.load() < 2) std::this_thread::yield();
    const auto start = clock.now();
    while (clock.now() - start < 1s) std::this_thread::sleep_for(5ms);  // the run's length, not a wait for state
    const auto end = clock.now();
    stop = true;
    for (auto& w : workers) w.join();
    const double seconds = std::chrono::duration<double>(end - start).count();
    const double allowed = static_cast<double>(limiter->counters().allowed);
    const bool bucket = a != algo::sliding_window;
    // Buckets start full (token: burst; leaky meter: burst + 1); a window admits its limit at once.
    const double expected = 1000 * seconds + (a == algo::token_bucket ? 100 : a == algo::leaky_bucket ? 101 : 0);
    EXPECT_NEAR(allowed, expected, expected * 0.01 + 2 + (bucket ? 0 : 100))
        << static_cast<int>(a) << " over " << seconds << " s";
    EXPECT_GT(limiter->counters().denied, 0u);
  }
}

}  // namespace
}  // namespace portico::gateway
