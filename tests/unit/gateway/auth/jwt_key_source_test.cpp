// jwt_key_source over a scripted fetcher on a manual clock: the start-up fetch, scheduled and
// unknown-kid refreshes (in the background, with waiters), failures keeping the last good set,
// and the counters. The HTTP side is covered by tests/integration/gateway_jwks_test.cpp.
#include "gateway/auth/jwt_key_source.hpp"
#include "tests/unit/gateway/auth/jwt_test_keys.hpp"

#include <gtest/gtest.h>

#include <deque>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;

// Answers the start-up fetch at once with `first`; later fetches wait in `pending` until the test
// answers them, as a URL fetch finishes later on another thread.
struct script {
  std::optional<jwks_document> first;
  std::deque<std::function<void(jwks_document)>> pending;
  int calls = 0;
};

class scripted_fetcher final : public jwks_fetcher {
 public:
  explicit scripted_fetcher(script& s) : s_(s) {}
  const std::string& where() const noexcept override { return where_; }
  void fetch(std::function<void(jwks_document)> done) override {
    ++s_.calls;
    if (s_.first) {
      auto d = std::move(*s_.first);
      s_.first.reset();
      done(std::move(d));
    } else {
      s_.pending.push_back(std::move(done));
    }
  }

 private:
  script& s_;
  std::string where_ = "scripted";
};

jwks_document good(const std::vector<const jwt_key*>& keys, std::optional<core::nanos> max_age = std::nullopt) {
  std::vector<std::string> jwks;
  for (const jwt_key* k : keys) jwks.push_back(testing::jwk_of(*k));
  return {true, testing::jwks_of(jwks), max_age, {}};
}

jwks_document failed(std::string why) { return {false, {}, std::nullopt, std::move(why)}; }

std::vector<std::string> kids(const std::shared_ptr<const jwt_key_set>& set) {
  std::vector<std::string> out;
  for (const auto& k : *set) out.push_back(k.kid);
  return out;
}

class JwtKeySource : public ::testing::Test {
 protected:
  JwtKeySource() {
    config.issuer = "idp";
    config.jwks_refresh = 5min;
    config.jwks_min_refresh = 10s;
  }
  std::unique_ptr<jwt_key_source> make(jwks_document first) {
    s.first = std::move(first);
    return std::make_unique<jwt_key_source>(config, clock, std::make_unique<scripted_fetcher>(s));
  }
  void answer(jwks_document d) {
    ASSERT_FALSE(s.pending.empty());
    auto done = std::move(s.pending.front());
    s.pending.pop_front();
    done(std::move(d));
  }
  jwt_key a = testing::generate_ec("P-256", "a");
  jwt_key b = testing::generate_ec("P-256", "b");
  core::jwt_issuer_config config;
  core::manual_clock clock{core::time_point{1000s}};
  script s;
};

TEST_F(JwtKeySource, FailsStartUpWhenTheFirstFetchFails) {
  try {
    make(failed("connect: Connection refused"));
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "auth.jwt issuer 'idp': JWKS scripted: connect: Connection refused");
  }
  EXPECT_THROW(make({true, "{\"keys\": 1}", std::nullopt, {}}), std::invalid_argument);
  EXPECT_THROW(make({true, "{\"keys\": []}", std::nullopt, {}}), std::invalid_argument);  // no keys at all
}

TEST_F(JwtKeySource, KeepsTheSecretBesideTheFetchedKeys) {
  config.secret = "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t";
  auto source = make(good({&a}));
  EXPECT_EQ(kids(source->keys(clock.now())), (std::vector<std::string>{"", "a"}));
  clock.advance(5min);
  source->keys(clock.now());
  answer(good({&b}));
  EXPECT_EQ(kids(source->keys(clock.now())), (std::vector<std::string>{"", "b"}));
}

TEST_F(JwtKeySource, RefreshesInTheBackgroundWhenTheIntervalHasPassed) {
  auto source = make(good({&a}));
  EXPECT_EQ(s.calls, 1);
  clock.advance(5min - 1ns);
  EXPECT_EQ(kids(source->keys(clock.now())), std::vector<std::string>{"a"});
  EXPECT_EQ(s.calls, 1);
  clock.advance(1ns);
  EXPECT_EQ(kids(source->keys(clock.now())), std::vector<std::string>{"a"});  // does not wait
  EXPECT_EQ(s.calls, 2);
  source->keys(clock.now());
  EXPECT_EQ(s.calls, 2);  // one fetch at a time
  answer(good({&b}));
  EXPECT_EQ(kids(source->keys(clock.now())), std::vector<std::string>{"b"});
  EXPECT_EQ(source->counters().fetches, 2u);
}

TEST_F(JwtKeySource, KeepsTheLastGoodKeysWhenARefreshFails) {
  auto source = make(good({&a}));
  clock.advance(5min);
  source->keys(clock.now());
  answer(failed("HTTP status 503"));
  EXPECT_EQ(kids(source->keys(clock.now())), std::vector<std::string>{"a"});
  clock.advance(10s);  // retried after jwks_min_refresh, not after the full interval
  source->keys(clock.now());
  answer({true, "{not json", std::nullopt, {}});
  clock.advance(10s);
  source->keys(clock.now());
  answer({true, "{\"keys\": []}", std::nullopt, {}});  // an empty set would lock everyone out
  EXPECT_EQ(kids(source->keys(clock.now())), std::vector<std::string>{"a"});
  const jwks_counters c = source->counters();
  EXPECT_EQ(c.fetches, 1u);
  EXPECT_EQ(c.fetch_failures, 3u);
}

TEST_F(JwtKeySource, UnknownKidsRefreshAtMostOncePerMinimumInterval) {
  auto source = make(good({&a}));
  source->keys_after_miss(clock.now());
  EXPECT_EQ(s.calls, 2);
  answer(good({&a}));
  for (int i = 0; i < 100; ++i) source->keys_after_miss(clock.now());  // a flood of made-up kids
  clock.advance(9s);
  source->keys_after_miss(clock.now());
  EXPECT_EQ(s.calls, 2);
  clock.advance(1s);
  source->keys_after_miss(clock.now());
  EXPECT_EQ(s.calls, 3);
  answer(good({&a, &b}));
  EXPECT_EQ(kids(source->keys(clock.now())), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(source->counters().unknown_kid_fetches, 2u);
}

TEST_F(JwtKeySource, RunsWaitersWhenTheFetchInFlightFinishes) {
  auto source = make(good({&a}));
  int woken = 0;
  EXPECT_FALSE(source->when_refreshed([&] { ++woken; }));  // nothing in flight
  source->keys_after_miss(clock.now());
  EXPECT_TRUE(source->when_refreshed([&] { ++woken; }));
  EXPECT_TRUE(source->when_refreshed([&] { ++woken; }));
  EXPECT_EQ(woken, 0);
  answer(failed("timeout"));  // woken on failure too: they then see the old set
  EXPECT_EQ(woken, 2);
  EXPECT_FALSE(source->when_refreshed([&] { ++woken; }));
}

TEST_F(JwtKeySource, HonoursMaxAgeFromTheAnswer) {
  auto source = make(good({&a}, 60s));
  clock.advance(60s);
  source->keys(clock.now());
  EXPECT_EQ(s.calls, 2);
  answer(good({&a}, 0s));  // max-age=0: not a fetch per request, the minimum interval
  clock.advance(9s);
  source->keys(clock.now());
  EXPECT_EQ(s.calls, 2);
  clock.advance(1s);
  source->keys(clock.now());
  EXPECT_EQ(s.calls, 3);
}

}  // namespace
}  // namespace portico::gateway
