#include "gateway/ratelimit/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <barrier>
#include <thread>
#include <vector>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
using algo = core::rate_limit_config::algorithm;

core::rate_limit_config config(algo a, double per_second, std::int64_t burst = 0) {
  core::rate_limit_config c;
  c.algo = a;
  c.limit_rate = core::rate{per_second};
  c.burst = burst;
  return c;
}

TEST(LocalLimiter, KeepsKeysIsolated) {
  core::manual_clock clock;
  auto limiter = make_local_limiter(config(algo::token_bucket, 1, 2), clock);
  EXPECT_TRUE(limiter->decide("a").allowed);
  EXPECT_TRUE(limiter->decide("a").allowed);
  EXPECT_FALSE(limiter->decide("a").allowed);
  EXPECT_TRUE(limiter->decide("b").allowed);
  EXPECT_EQ(limiter->decide("b").remaining, 0);
  EXPECT_EQ(limiter->counters().allowed, 4u);
  EXPECT_EQ(limiter->counters().denied, 1u);
}

TEST(LocalLimiter, BuildsEveryAlgorithmAndVariantFromConfig) {
  core::manual_clock clock;
  for (algo a : {algo::fixed_window, algo::sliding_window, algo::token_bucket, algo::leaky_bucket}) {
    core::rate_limit_config c = config(a, 5);
    c.window = 1s;
    EXPECT_EQ(make_local_limiter(c, clock)->params().algo, a);
    c.sliding = core::rate_limit_config::sliding_variant::counter;
    c.leaky = core::rate_limit_config::leaky_variant::meter;
    c.refill = core::rate_limit_config::bucket_refill::discrete;
    c.fill_tokens = 1;
    c.fill_every = 100ms;
    auto limiter = make_local_limiter(c, clock);
    std::int64_t allowed = 0;
    for (int i = 0; i < 20; ++i) allowed += limiter->decide("k").allowed;
    EXPECT_GE(allowed, 1);
    EXPECT_LE(allowed, 5);
  }
}

TEST(LocalLimiter, CountsDelayedRequests) {
  core::manual_clock clock;
  core::rate_limit_config c = config(algo::leaky_bucket, 10, 5);
  auto limiter = make_local_limiter(c, clock);
  for (int i = 0; i < 7; ++i) limiter->decide("k");
  EXPECT_EQ(limiter->counters().allowed, 6u);
  EXPECT_EQ(limiter->counters().delayed, 5u);
  EXPECT_EQ(limiter->counters().denied, 1u);
}

TEST(LocalLimiter, BoundsMemoryByMaxKeysEvictingTheLeastRecentlyUsed) {
  core::manual_clock clock;
  core::rate_limit_config c = config(algo::fixed_window, 1);
  c.max_keys = 1;  // one shard: exact LRU order
  auto limiter = make_local_limiter(c, clock);
  EXPECT_TRUE(limiter->decide("a").allowed);
  EXPECT_FALSE(limiter->decide("a").allowed);
  EXPECT_TRUE(limiter->decide("b").allowed);  // evicts a
  EXPECT_EQ(limiter->keys(), 1u);
  EXPECT_TRUE(limiter->decide("a").allowed);  // a forgot its count

  c.max_keys = 100;
  auto bounded = make_local_limiter(c, clock);
  for (int i = 0; i < 10000; ++i) bounded->decide("client-" + std::to_string(i));
  EXPECT_LE(bounded->keys(), 100u);
  EXPECT_GE(bounded->keys(), 50u);
}

TEST(LocalLimiter, RecentlyUsedKeysSurviveEviction) {
  core::manual_clock clock;
  core::rate_limit_config c = config(algo::fixed_window, 1);
  c.max_keys = 2;  // two shards of one key, or one of two: either way "hot" is touched last
  auto limiter = make_local_limiter(c, clock);
  limiter->decide("hot");
  for (int i = 0; i < 50; ++i) {
    limiter->decide("cold-" + std::to_string(i));
    if (limiter->keys() == 0) break;
  }
  EXPECT_LE(limiter->keys(), 2u);
}

// Several threads on one key, time stepped by a controller between barriers: the total admitted
// must equal the single-threaded answer exactly, for every algorithm.
TEST(LocalLimiter, IsExactUnderConcurrencyOnOneKey) {
  constexpr int threads = 4, steps = 200, per_step = 5;
  for (algo a : {algo::fixed_window, algo::sliding_window, algo::token_bucket, algo::leaky_bucket}) {
    for (bool counter_variant : {false, true}) {
      core::rate_limit_config c = config(a, 1000, 10);
      c.window = 100ms;
      if (counter_variant) {
        c.sliding = core::rate_limit_config::sliding_variant::counter;
        c.leaky = core::rate_limit_config::leaky_variant::meter;
      }
      auto run = [&](int n_threads, int calls) {
        core::manual_clock clock;
        auto limiter = make_local_limiter(c, clock);
        std::barrier sync(n_threads, [&]() noexcept { clock.advance(7ms); });
        std::vector<std::thread> pool;
        for (int t = 0; t < n_threads; ++t) {
          pool.emplace_back([&] {
            for (int s = 0; s < steps; ++s) {
              for (int i = 0; i < calls; ++i) limiter->decide("shared");
              sync.arrive_and_wait();
            }
          });
        }
        for (auto& t : pool) t.join();
        return limiter->counters().allowed;
      };
      const auto serial = run(1, threads * per_step);
      EXPECT_EQ(run(threads, per_step), serial) << static_cast<int>(a) << " " << counter_variant;
      EXPECT_GT(serial, 0u);
      EXPECT_LT(serial, static_cast<std::uint64_t>(threads * per_step * steps));
    }
  }
}

TEST(LocalLimiter, RejectsRatesWithoutAnExactMeaning) {
  core::manual_clock clock;
  core::rate_limit_config c = config(algo::fixed_window, 0.5);
  c.window = 1s;  // half a request per window
  EXPECT_THROW(make_local_limiter(c, clock), std::invalid_argument);
  c = config(algo::token_bucket, 0);
  EXPECT_THROW(make_local_limiter(c, clock), std::invalid_argument);
}

TEST(ExactRate, ConvertsConfiguredRatesToReducedFractions) {
  EXPECT_EQ(to_exact_rate(core::rate{500}).count, 1);
  EXPECT_EQ(to_exact_rate(core::rate{500}).period_ns, 2'000'000);
  EXPECT_EQ(to_exact_rate(core::rate{0.5}).period_ns, 2'000'000'000);
  EXPECT_EQ(to_exact_rate(core::rate{30000.0 / 60}).period_ns, 2'000'000);
  EXPECT_EQ(to_exact_rate(core::rate{7}).count, 7);
}

}  // namespace
}  // namespace portico::gateway
