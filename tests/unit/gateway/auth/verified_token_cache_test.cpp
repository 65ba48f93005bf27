// The verified-token cache, alone (bounded, least recently used way replaced, exact bytes only)
// and inside the jwt stage on a manual clock: a repeat is a hit, exp and nbf are still enforced
// on a hit (with the leeway), a one-bit-changed token is not a hit, a replaced key set (JWKS
// rotation) forces a full verification, scopes are cached with the entry, and the hit/miss
// counters reach the stage report.
#include "gateway/auth/auth_stage.hpp"
#include "gateway/auth/base64url.hpp"
#include "gateway/auth/jwt_stage.hpp"
#include "gateway/auth/verified_token_cache.hpp"
#include "tests/unit/gateway/auth/auth_test_support.hpp"
#include "tests/unit/gateway/auth/jwt_test_keys.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
using testing::get_with;
using testing::make_token;
using testing::test_request;

using int_cache = verified_token_cache<int>;

std::string nth_token(int i) { return "token-" + std::to_string(i) + std::string(40, 'x'); }

TEST(VerifiedTokenCache, HoldsNoMoreThanItsCapacityPerThread) {
  int_cache cache(8, 2);
  ASSERT_EQ(cache.capacity(), 8u);
  for (int i = 0; i < 100; ++i) cache.insert(0, nth_token(i), {{}, i});
  int found = 0;
  for (int i = 0; i < 100; ++i) {
    if (const auto* e = cache.find(0, nth_token(i))) {
      EXPECT_EQ(e->payload, i);
      ++found;
    }
  }
  EXPECT_GT(found, 0);
  EXPECT_LE(found, 8);
  EXPECT_EQ(cache.find(1, nth_token(99)), nullptr) << "each thread has its own entries";
}

TEST(VerifiedTokenCache, RoundsCapacityDownToWaysTimesAPowerOfTwo) {
  EXPECT_EQ(int_cache(1000, 1).capacity(), 512u);  // 4 ways x 128 sets
  EXPECT_EQ(int_cache(3, 1).capacity(), 3u);       // one set of 3 ways
  EXPECT_EQ(int_cache(0, 1).capacity(), 0u);
}

TEST(VerifiedTokenCache, ReplacesTheLeastRecentlyUsedWay) {
  int_cache cache(4, 1);  // one set: every token competes for the same 4 ways
  for (int i = 0; i < 4; ++i) cache.insert(0, nth_token(i), {{}, i});
  ASSERT_NE(cache.find(0, nth_token(0)), nullptr);  // 0 is now the most recently used
  cache.insert(0, nth_token(4), {{}, 4});
  EXPECT_NE(cache.find(0, nth_token(0)), nullptr);
  EXPECT_EQ(cache.find(0, nth_token(1)), nullptr);
  EXPECT_NE(cache.find(0, nth_token(4)), nullptr);
}

TEST(VerifiedTokenCache, FindsOnlyTheExactBytes) {
  int_cache cache(16, 1);
  const std::string token = nth_token(7);
  cache.insert(0, token, {{}, 7});
  for (std::size_t i = 0; i < token.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string changed = token;
      changed[i] = static_cast<char>(changed[i] ^ (1 << bit));
      EXPECT_EQ(cache.find(0, changed), nullptr) << "byte " << i << " bit " << bit;
    }
  }
  EXPECT_EQ(cache.find(0, token + "x"), nullptr);
  EXPECT_EQ(cache.find(0, token.substr(1)), nullptr);
  EXPECT_NE(cache.find(0, token), nullptr);
}

TEST(VerifiedTokenCache, IgnoresDisabledCachesOversizedTokensAndThreadsWithoutAShard) {
  int_cache off(0, 1);
  off.insert(0, "t", {{}, 1});
  EXPECT_EQ(off.find(0, "t"), nullptr);
  int_cache cache(16, 1);
  const std::string huge(int_cache::max_token_bytes + 1, 'a');
  cache.insert(0, huge, {{}, 1});
  EXPECT_EQ(cache.find(0, huge), nullptr);
  cache.insert(-1, "t", {{}, 1});
  cache.insert(1, "t", {{}, 1});
  EXPECT_EQ(cache.find(0, "t"), nullptr);
  cache.record(-1, true);
  EXPECT_EQ(cache.hits(), 0u);
}

TEST(VerifiedTokenCache, ErasesAnEntry) {
  int_cache cache(16, 1);
  cache.insert(0, "t", {{}, 1});
  cache.erase(0, "t");
  EXPECT_EQ(cache.find(0, "t"), nullptr);
}

// --- inside the jwt stage

const std::string secret = "cache-test-secret-0123456789abcdef";

class JwtTokenCache : public ::testing::Test {
 protected:
  // The stage reads Unix time as the manual clock plus the offset fixed at construction: start
  // the manual clock at real Unix time so claims can be written as absolute times.
  JwtTokenCache() : clock(core::time_point{std::chrono::system_clock::now().time_since_epoch()}) {}

  testing::built_route build(const std::string& extra) {
    return testing::build_route_stage("{jwt: {issuers: [{issuer: idp, algorithms: [HS256], secret: " + secret + "}]" + extra + "}}",
                                      &make_jwt_stage, clock);
  }
  std::int64_t unix_now() const {
    return std::chrono::duration_cast<std::chrono::seconds>(clock.now().since_epoch).count();
  }
  static std::string token(const std::string& claims) {
    return make_token("HS256", testing::hmac_key(secret), "{\"alg\":\"HS256\"}", claims);
  }
  static std::string bearer(const std::string& t) { return "Authorization: Bearer " + t + "\r\n"; }
  // 200 -> "ok", else the error code in the 401/403 body.
  static std::string outcome(const stage& s, const std::string& t) {
    test_request r(get_with(bearer(t)));
    if (r.run(s).action == stage_result::kind::next) return r.ctx.who.subject.empty() ? "ok" : "ok:" + r.ctx.who.subject;
    const auto& body = r.ctx.response.body;
    const auto colon = body.find("\"error\":\"");
    return std::to_string(r.ctx.response.status) + ":" + body.substr(colon + 9, body.find('"', colon + 9) - colon - 9) + ":" +
           body.substr(body.find("\"message\":\"") + 11, 20);
  }
  static std::uint64_t counter(const stage& s, const std::string& name) {
    const auto report = auth_stage_report(s);
    for (const auto& [n, v] : report->extra) {
      if (n == name) return v;
    }
    ADD_FAILURE() << "no counter " << name;
    return 0;
  }

  core::manual_clock clock;
};

TEST_F(JwtTokenCache, AnswersARepeatedTokenFromTheCacheWithTheSameIdentity) {
  auto route = build("");
  const std::string t = token(R"({"iss":"idp","sub":"alice"})");
  EXPECT_EQ(outcome(*route.stage_, t), "ok:alice");
  EXPECT_EQ(outcome(*route.stage_, t), "ok:alice");
  EXPECT_EQ(outcome(*route.stage_, t), "ok:alice");
  EXPECT_EQ(counter(*route.stage_, "token_cache_misses"), 1u);
  EXPECT_EQ(counter(*route.stage_, "token_cache_hits"), 2u);
  EXPECT_EQ(auth_stage_report(*route.stage_)->ok, 3u);
}

TEST_F(JwtTokenCache, StillEnforcesExpiryOnAHitWithTheLeeway) {
  auto route = build(", leeway: 5s");
  const std::string t = token(R"({"iss":"idp","sub":"alice","exp":)" + std::to_string(unix_now() + 60) + "}");
  EXPECT_EQ(outcome(*route.stage_, t), "ok:alice");
  clock.advance(63s);  // past exp, within the leeway
  EXPECT_EQ(outcome(*route.stage_, t), "ok:alice");
  EXPECT_EQ(counter(*route.stage_, "token_cache_hits"), 1u);
  clock.advance(3s);  // past exp + leeway
  EXPECT_EQ(outcome(*route.stage_, t).substr(0, 17), "401:invalid_token");
  EXPECT_EQ(counter(*route.stage_, "token_cache_hits"), 2u) << "the expiry was found on a hit";
  EXPECT_NE(outcome(*route.stage_, t).find("expired"), std::string::npos);
  EXPECT_EQ(counter(*route.stage_, "token_cache_misses"), 2u) << "the expired entry was erased";
}

TEST_F(JwtTokenCache, StillEnforcesNotBeforeOnAHit) {
  auto route = build("");
  // Valid now (nbf in the past), cached; then the clock is set back (a virtual clock may).
  const std::string t = token(R"({"iss":"idp","sub":"alice","nbf":)" + std::to_string(unix_now() - 10) + "}");
  EXPECT_EQ(outcome(*route.stage_, t), "ok:alice");
  clock.set(clock.now() - 20s);
  EXPECT_NE(outcome(*route.stage_, t).find("not_yet_valid"), std::string::npos);
  EXPECT_EQ(counter(*route.stage_, "token_cache_hits"), 1u);
}

TEST_F(JwtTokenCache, DoesNotTakeAOneBitChangedTokenForACachedOne) {
  auto route = build("");
  const std::string t = token(R"({"iss":"idp","sub":"alice"})");
  EXPECT_EQ(outcome(*route.stage_, t), "ok:alice");
  // One bit of the signature flipped (re-encoded, so the token is well-formed).
  const auto dot = t.rfind('.');
  std::string signature = *base64url_decode(t.substr(dot + 1));
  signature[0] = static_cast<char>(signature[0] ^ 1);
  const std::string forged = t.substr(0, dot + 1) + base64url_encode(signature);
  EXPECT_NE(outcome(*route.stage_, forged).find("bad_signature"), std::string::npos);
  std::string claims_changed = t;
  claims_changed[t.find('.') + 3] = static_cast<char>(claims_changed[t.find('.') + 3] ^ 1);
  EXPECT_EQ(outcome(*route.stage_, claims_changed).substr(0, 17), "401:invalid_token");
  EXPECT_EQ(counter(*route.stage_, "token_cache_hits"), 0u);
  EXPECT_EQ(counter(*route.stage_, "token_cache_misses"), 3u);
}

TEST_F(JwtTokenCache, CachesTheScopeDecisionWithTheEntry) {
  auto route = build(", required_scopes: [orders.read]");
  const std::string without = token(R"({"iss":"idp","sub":"a","scope":"orders.write"})");
  const std::string with = token(R"({"iss":"idp","sub":"b","scope":"orders.read"})");
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(outcome(*route.stage_, without).substr(0, 22), "403:insufficient_scope");
    EXPECT_EQ(outcome(*route.stage_, with), "ok:b");
  }
  EXPECT_EQ(counter(*route.stage_, "token_cache_hits"), 2u);
  EXPECT_EQ(auth_stage_report(*route.stage_)->forbidden, 2u);
}

TEST_F(JwtTokenCache, VerifiesEveryTimeWhenTheCacheIsOff) {
  auto route = build(", cache_size: 0");
  const std::string t = token(R"({"iss":"idp","sub":"alice"})");
  EXPECT_EQ(outcome(*route.stage_, t), "ok:alice");
  EXPECT_EQ(outcome(*route.stage_, t), "ok:alice");
  const auto report = auth_stage_report(*route.stage_);
  for (const auto& [n, v] : report->extra) EXPECT_EQ(n.rfind("token_cache", 0), std::string::npos) << n;
}

TEST_F(JwtTokenCache, ReverifiesAfterTheKeySetIsReplaced) {
  const jwt_key a = testing::generate_ec("P-256", "a");
  const jwt_key b = testing::generate_ec("P-256", "b");
  const std::string jwks = testing::write_temp("cache_jwks.json", testing::jwks_of({testing::jwk_of(a)}));
  auto route = testing::build_route_stage(
      "{jwt: {issuers: [{issuer: idp, algorithms: [ES256], jwks_file: " + jwks + ", jwks_refresh: 1m}]}}", &make_jwt_stage, clock);
  const stage& s = *route.stage_;
  const std::string t = make_token("ES256", a, R"({"alg":"ES256","kid":"a"})", R"({"iss":"idp","sub":"alice"})");
  EXPECT_EQ(outcome(s, t), "ok:alice");
  EXPECT_EQ(outcome(s, t), "ok:alice");
  EXPECT_EQ(counter(s, "token_cache_hits"), 1u);

  // A refresh that reads the same keys still replaces the set: one full verification, then hits.
  clock.advance(61s);
  EXPECT_EQ(outcome(s, t), "ok:alice");
  EXPECT_EQ(counter(s, "token_cache_misses"), 2u);
  EXPECT_EQ(outcome(s, t), "ok:alice");
  EXPECT_EQ(counter(s, "token_cache_hits"), 2u);

  // Key a retired: the cached token is verified again, and refused.
  testing::write_temp("cache_jwks.json", testing::jwks_of({testing::jwk_of(b)}));
  clock.advance(61s);
  EXPECT_NE(outcome(s, t).find("unknown_key"), std::string::npos);
  EXPECT_NE(outcome(s, t).find("unknown_key"), std::string::npos);
  EXPECT_EQ(counter(s, "token_cache_hits"), 2u);
  EXPECT_EQ(counter(s, "token_cache_misses"), 4u);
}

}  // namespace
}  // namespace portico::gateway
