#include "gateway/auth/introspection_cache.hpp"
#include "gateway/auth/introspection_client.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;

TEST(Introspection, ParsesActiveAndInactiveAnswers) {
  const auto active = parse_introspection(R"({"active":true,"sub":"alice","client_id":"app","scope":"a  b","exp":1700000060})");
  ASSERT_TRUE(active);
  EXPECT_TRUE(active->active);
  EXPECT_EQ(active->subject, "alice");
  EXPECT_EQ(active->client, "app");
  EXPECT_EQ(active->scopes, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(active->exp, 1700000060);
  const auto inactive = parse_introspection(R"({"active":false,"sub":"ignored"})");
  ASSERT_TRUE(inactive);
  EXPECT_FALSE(inactive->active);
  EXPECT_EQ(inactive->subject, "");
  for (const char* bad : {"", "[]", "{}", R"({"active":"true"})", "not json"}) EXPECT_FALSE(parse_introspection(bad)) << bad;
}

TEST(Introspection, EncodesTheTokenAsAForm) {
  EXPECT_EQ(introspection_form("a.b-c_d~"), "token=a.b-c_d~&token_type_hint=access_token");
  EXPECT_EQ(introspection_form("a+b/c=&"), "token=a%2Bb%2Fc%3D%26&token_type_hint=access_token");
}

TEST(IntrospectionCache, ForgetsAfterTheTtlOrTheTokensExpiry) {
  core::manual_clock clock;
  introspection_cache cache(30s, 100);
  introspection_result r;
  r.active = true;
  cache.store("t1", r, clock.now(), 1000);
  r.exp = 1010;  // expires 10 s from unix time 1000
  cache.store("t2", r, clock.now(), 1000);
  clock.advance(10s - 1ns);
  EXPECT_TRUE(cache.find("t1", clock.now()));
  EXPECT_TRUE(cache.find("t2", clock.now()));
  clock.advance(1ns);
  EXPECT_FALSE(cache.find("t2", clock.now()));
  clock.advance(20s - 1ns);
  EXPECT_TRUE(cache.find("t1", clock.now()));
  clock.advance(1ns);
  EXPECT_FALSE(cache.find("t1", clock.now()));
  r.exp = 999;  // already expired: not stored
  cache.store("t3", r, clock.now(), 1000);
  EXPECT_FALSE(cache.find("t3", clock.now()));
}

TEST(IntrospectionCache, StaysWithinItsCapacity) {
  core::manual_clock clock;
  introspection_cache cache(1h, 8);
  introspection_result r;
  for (int i = 0; i < 100; ++i) cache.store("token-" + std::to_string(i), r, clock.now(), 0);
  EXPECT_LE(cache.size(), 8u);
  EXPECT_TRUE(cache.find("token-99", clock.now()));  // the newest survive
}

}  // namespace
}  // namespace portico::gateway
