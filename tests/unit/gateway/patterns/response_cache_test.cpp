#include "gateway/patterns/response_cache.hpp"

#include <gtest/gtest.h>

namespace portico::gateway::patterns {
namespace {

using namespace std::chrono_literals;
const core::nanos ttl = 30s;

core::time_point at(core::nanos t) { return core::time_point{t}; }
cached_response entry(std::string body, core::nanos stored, core::nanos lifetime) {
  return {200, "text/plain", std::move(body), at(stored), at(stored + lifetime)};
}

struct freshness_case {
  const char* cache_control;
  int status;
  std::optional<core::nanos> expected;
};

class Freshness : public ::testing::TestWithParam<freshness_case> {};

TEST_P(Freshness, FollowsSharedCacheRules) {
  const auto& c = GetParam();
  EXPECT_EQ(freshness_lifetime(c.cache_control, c.status, ttl), c.expected) << c.cache_control << " " << c.status;
}

INSTANTIATE_TEST_SUITE_P(
    Rfc9111, Freshness,
    ::testing::Values(freshness_case{"", 200, ttl}, freshness_case{"max-age=5", 200, 5s},
                      freshness_case{"public, max-age=60", 200, 60s}, freshness_case{"max-age=60, s-maxage=10", 200, 10s},
                      freshness_case{"s-maxage=\"7\"", 200, 7s}, freshness_case{"no-store", 200, std::nullopt},
                      freshness_case{"max-age=60, No-Store", 200, std::nullopt}, freshness_case{"private", 200, std::nullopt},
                      freshness_case{"no-cache", 200, std::nullopt}, freshness_case{"max-age=0", 200, std::nullopt},
                      freshness_case{"max-age=abc", 200, ttl}, freshness_case{"", 404, ttl},
                      freshness_case{"", 500, std::nullopt}, freshness_case{"max-age=60", 503, std::nullopt},
                      freshness_case{"", 302, std::nullopt}));

TEST(ResponseCache, ServesFreshEntriesAndDropsStaleOnes) {
  response_cache c(10, 1 << 20);
  ASSERT_TRUE(c.put("k", entry("v", 0s, 10s)));
  EXPECT_EQ(c.get("k", at(9s))->body, "v");
  EXPECT_FALSE(c.get("k", at(10s)));
  EXPECT_EQ(c.current().entries, 0u);
}

TEST(ResponseCache, EvictsLeastRecentlyUsedBeyondEntryBound) {
  response_cache c(2, 1 << 20);
  c.put("a", entry("1", 0s, 60s));
  c.put("b", entry("2", 0s, 60s));
  ASSERT_TRUE(c.get("a", at(1s)));  // a is now most recently used
  c.put("c", entry("3", 0s, 60s));
  EXPECT_TRUE(c.get("a", at(2s)));
  EXPECT_FALSE(c.get("b", at(2s)));
  EXPECT_TRUE(c.get("c", at(2s)));
  EXPECT_EQ(c.current().evictions, 1u);
}

TEST(ResponseCache, EvictsBeyondByteBoundAndRefusesOversizedEntries) {
  response_cache c(100, 1000);
  c.put("a", entry(std::string(450, 'x'), 0s, 60s));
  c.put("b", entry(std::string(450, 'y'), 0s, 60s));
  EXPECT_FALSE(c.get("a", at(1s)));  // a + b + overhead > 1000
  EXPECT_TRUE(c.get("b", at(1s)));
  EXPECT_FALSE(c.put("big", entry(std::string(2000, 'z'), 0s, 60s)));
  EXPECT_LE(c.current().bytes, 1000u);
}

TEST(ResponseCache, ReplacingAKeyKeepsAccountingExact) {
  response_cache c(10, 1 << 20);
  c.put("a", entry(std::string(100, 'x'), 0s, 60s));
  const auto before = c.current().bytes;
  c.put("a", entry(std::string(100, 'y'), 0s, 60s));
  EXPECT_EQ(c.current().bytes, before);
  EXPECT_EQ(c.current().entries, 1u);
  EXPECT_EQ(c.get("a", at(1s))->body, std::string(100, 'y'));
}

}  // namespace
}  // namespace portico::gateway::patterns
