#include "gateway/ratelimit/headers.hpp"
#include "gateway/ratelimit/key_builder.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;

TEST(KeyBuilder, CombinesPartsWithLengthPrefixes) {
  const name_value headers[] = {{"x-tenant", "acme"}};
  const name_value claims[] = {{"sub", "user-7"}};
  request_view r{"10.0.0.1", "k1", "alice", "users", headers, claims};
  EXPECT_EQ(key_builder({"client_ip", "route"}).build(r), "8:10.0.0.1|5:users|");
  EXPECT_EQ(key_builder({"header:X-Tenant", "claim:sub", "client", "api_key"}).build(r), "4:acme|6:user-7|5:alice|2:k1|");
  EXPECT_EQ(key_builder({}).build(r), "");
}

TEST(KeyBuilder, ValuesCannotForgeAnotherKey) {
  request_view a{"1|2", "", "", "", {}, {}};
  request_view b{"1", "", "", "", {}, {}};
  key_builder k({"client_ip", "client"});
  b.client = "2";
  EXPECT_NE(k.build(a), k.build(b));
}

TEST(KeyBuilder, MissingValuesShareOneKeyAndUnknownPartsThrow) {
  key_builder k({"header:X-Api-Key"});
  EXPECT_EQ(k.build(request_view{}), "0:|");
  EXPECT_THROW(key_builder({"cookie"}), std::invalid_argument);
}

TEST(RateLimitHeaders, ReportLimitRemainingAndResetInWholeSecondsRoundedUp) {
  decision d{true, 100, 42, 1500ms, 0ms, 0ms, false};
  const auto h = rate_limit_headers(d);
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0], (std::pair<std::string, std::string>{"RateLimit-Limit", "100"}));
  EXPECT_EQ(h[1], (std::pair<std::string, std::string>{"RateLimit-Remaining", "42"}));
  EXPECT_EQ(h[2], (std::pair<std::string, std::string>{"RateLimit-Reset", "2"}));
}

TEST(RateLimitHeaders, AddRetryAfterOnDenialNeverBelowOneSecond) {
  decision d{false, 10, 0, 3s, 1ns, 0ms, false};
  const auto h = rate_limit_headers(d);
  ASSERT_EQ(h.size(), 4u);
  EXPECT_EQ(h[2].second, "3");
  EXPECT_EQ(h[3], (std::pair<std::string, std::string>{"Retry-After", "1"}));
  d.retry_after = 2001ms;
  EXPECT_EQ(rate_limit_headers(d)[3].second, "3");
}

}  // namespace
}  // namespace portico::gateway
