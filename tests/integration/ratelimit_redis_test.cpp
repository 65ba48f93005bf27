// The global (Redis) store must give exactly the local store's decisions for the same
// time-stepped sequences, for every algorithm and variant; and follow fail_open when Redis is down.
#include "gateway/ratelimit/rate_limiter.hpp"
#include "gateway/ratelimit/redis/redis_limiter.hpp"
#include "tests/support/redis_server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
using algo = core::rate_limit_config::algorithm;

struct named_config {
  std::string name;
  core::rate_limit_config config;
};

std::vector<named_config> every_variant() {
  std::vector<named_config> out;
  auto base = [](algo a) {
    core::rate_limit_config c;
    c.algo = a;
    c.limit = 5;
    c.window = 1s;
    return c;
  };
  out.push_back({"fixed", base(algo::fixed_window)});
  out.push_back({"fixed_count_denied", base(algo::fixed_window)});
  out.back().config.count_denied = true;
  out.push_back({"sliding_log", base(algo::sliding_window)});
  out.push_back({"sliding_counter", base(algo::sliding_window)});
  out.back().config.sliding = core::rate_limit_config::sliding_variant::counter;
  out.push_back({"sliding_counter_count_denied", out.back().config});
  out.back().config.count_denied = true;
  core::rate_limit_config token = base(algo::token_bucket);
  token.limit = 0;
  token.limit_rate = core::rate{3};  // a non-integer interval in ns
  token.burst = 4;
  out.push_back({"token_continuous", token});
  out.push_back({"token_discrete", token});
  out.back().config.refill = core::rate_limit_config::bucket_refill::discrete;
  out.back().config.fill_tokens = 2;
  out.back().config.fill_every = 700ms;
  core::rate_limit_config leaky = token;
  leaky.algo = algo::leaky_bucket;
  leaky.burst = 3;
  out.push_back({"leaky_queue", leaky});
  out.push_back({"leaky_queue_delay", leaky});
  out.back().config.delay_after = 1;
  out.push_back({"leaky_meter", leaky});
  out.back().config.leaky = core::rate_limit_config::leaky_variant::meter;
  return out;
}

struct step {
  std::chrono::nanoseconds advance;
  const char* key;
  std::int64_t cost;
};

// Bursts, exact window boundaries, sub-interval gaps and idle stretches, on two keys.
std::vector<step> sequence() {
  std::vector<step> s;
  for (int i = 0; i < 8; ++i) s.push_back({0ns, "a", 1});
  s.push_back({0ns, "b", 1});
  s.push_back({333'333'333ns, "a", 1});
  s.push_back({1ns, "a", 1});
  s.push_back({0ns, "a", 2});
  s.push_back({666'666'666ns - 1ns, "a", 1});  // just before the 1 s boundary
  s.push_back({1ns, "a", 1});                  // exactly on it
  for (int i = 0; i < 6; ++i) s.push_back({0ns, "a", 1});
  for (int i = 0; i < 12; ++i) s.push_back({149ms, i % 3 ? "a" : "b", 1 + i % 2});
  s.push_back({5s, "a", 1});
  for (int i = 0; i < 10; ++i) s.push_back({0ns, "a", 1});
  for (int i = 0; i < 20; ++i) s.push_back({std::chrono::nanoseconds{37'000'003 * (i % 7)}, "a", 1});
  s.push_back({0ns, "a", 9});  // above every limit here
  return s;
}

class RedisLimiter : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new testing::redis_server();
    if (testing::redis_server_installed()) start_error_ = server_->start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override { thread_ = std::thread([this] { ioc_.run(); }); }

  // Tests that talk to a live server skip without redis-server installed, and fail if it is
  // installed but would not start.
  static bool have_server() {
    EXPECT_EQ(start_error_, "");
    return testing::redis_server_installed() && start_error_.empty();
  }
  void TearDown() override {
    clients_.clear();
    guard_.reset();
    thread_.join();
  }

  std::shared_ptr<redis::client> client(unsigned short port) {
    redis::client_options o;
    o.endpoint = {asio::ip::make_address("127.0.0.1"), port};
    o.command_timeout = 2s;
    o.connect_timeout = 2s;
    clients_.push_back(std::make_shared<redis::client>(ioc_.get_executor(), o));
    return clients_.back();
  }

  static decision decide(rate_limiter& limiter, std::string_view key, std::int64_t cost = 1) {
    std::promise<decision> p;
    auto f = p.get_future();
    limiter.async_decide(key, cost, [&p](const decision& d) { p.set_value(d); });
    if (f.wait_for(10s) != std::future_status::ready) {
      ADD_FAILURE() << "no decision within 10 s";
      return {};
    }
    return f.get();
  }

  static inline testing::redis_server* server_ = nullptr;
  static inline std::string start_error_;
  asio::io_context ioc_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard_{ioc_.get_executor()};
  std::thread thread_;
  std::vector<std::shared_ptr<redis::client>> clients_;
};

TEST_F(RedisLimiter, GivesTheLocalDecisionsForEveryAlgorithmAndVariant) {
  if (!have_server()) GTEST_SKIP() << "redis-server is not installed (scripts/bootstrap installs it)";
  auto c = client(server_->port());
  for (const auto& [name, config] : every_variant()) {
    core::manual_clock clock(core::time_point{1000s});
    auto local = make_local_limiter(config, clock);
    redis_rate_limiter global(config, clock, c, "equal-" + name);
    int step_no = 0;
    std::uint64_t allowed = 0, delayed = 0;
    for (const step& s : sequence()) {
      clock.advance(s.advance);
      const decision expected = local->decide(s.key, s.cost);
      const decision got = decide(global, s.key, s.cost);
      EXPECT_EQ(got, expected) << name << " step " << step_no << ": allowed " << got.allowed << "/" << expected.allowed
                               << " remaining " << got.remaining << "/" << expected.remaining << " reset "
                               << got.reset_after.count() << "/" << expected.reset_after.count() << " retry "
                               << got.retry_after.count() << "/" << expected.retry_after.count() << " delay "
                               << got.delay.count() << "/" << expected.delay.count();
      allowed += expected.allowed;
      delayed += expected.delay.count() > 0;
      ++step_no;
    }
    EXPECT_GT(allowed, 5u) << name;
    EXPECT_LT(allowed, sequence().size()) << name;
    if (name == "leaky_queue") {
      EXPECT_GT(delayed, 0u);
    }
    EXPECT_EQ(global.counters().store_errors, 0u);
  }
}

TEST_F(RedisLimiter, SharesOneLimitBetweenGatewayInstances) {
  if (!have_server()) GTEST_SKIP() << "redis-server is not installed (scripts/bootstrap installs it)";
  core::manual_clock clock(core::time_point{50s});
  core::rate_limit_config config;
  config.algo = algo::fixed_window;
  config.limit = 10;
  redis_rate_limiter first(config, clock, client(server_->port()), "shared");
  redis_rate_limiter second(config, clock, client(server_->port()), "shared");
  int allowed = 0;
  for (int i = 0; i < 30; ++i) allowed += decide(i % 2 ? first : second, "k").allowed;
  EXPECT_EQ(allowed, 10);
}

TEST_F(RedisLimiter, FailsOpenWhenRedisIsUnreachableAndCountsIt) {
  core::manual_clock clock;
  core::rate_limit_config config;
  config.algo = algo::token_bucket;
  config.limit_rate = core::rate{1};
  config.fail_open = true;
  redis_rate_limiter limiter(config, clock, client(testing::unused_loopback_port()), "down");
  for (int i = 0; i < 3; ++i) {
    const decision d = decide(limiter, "k");
    EXPECT_TRUE(d.allowed);
    EXPECT_TRUE(d.store_error);
  }
  EXPECT_EQ(limiter.counters().store_errors, 3u);
  EXPECT_EQ(limiter.counters().allowed, 3u);
}

TEST_F(RedisLimiter, FailsClosedWhenConfiguredSo) {
  core::manual_clock clock;
  core::rate_limit_config config;
  config.algo = algo::sliding_window;
  config.limit = 100;
  config.fail_open = false;
  redis_rate_limiter limiter(config, clock, client(testing::unused_loopback_port()), "down");
  const decision d = decide(limiter, "k");
  EXPECT_FALSE(d.allowed);
  EXPECT_TRUE(d.store_error);
  EXPECT_EQ(d.retry_after, 1s);
  EXPECT_EQ(limiter.counters().denied, 1u);
  EXPECT_EQ(limiter.counters().store_errors, 1u);
}

TEST_F(RedisLimiter, RejectsParametersBeyondLuaExactIntegers) {
  core::manual_clock clock;
  core::rate_limit_config config;
  config.algo = algo::sliding_window;
  config.sliding = core::rate_limit_config::sliding_variant::counter;
  config.limit = 100'000'000;
  config.window = std::chrono::hours(1);
  EXPECT_THROW(redis_rate_limiter(config, clock, client(testing::unused_loopback_port()), "big"), std::invalid_argument);
}

}  // namespace
}  // namespace portico::gateway
