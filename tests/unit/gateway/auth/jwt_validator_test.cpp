// Every JWT rejection class with real tokens signed at test time, and acceptance for each
// supported algorithm. Time is a manual clock whose epoch is the Unix epoch (offset 0).
#include "gateway/auth/jwt_validator.hpp"
#include "tests/unit/gateway/auth/auth_test_support.hpp"
#include "tests/unit/gateway/auth/jwt_test_keys.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
using testing::make_token;

constexpr std::int64_t now_s = 1'700'000'000;

struct keys {
  jwt_key rsa = testing::generate_rsa("rsa-1");
  jwt_key p256 = testing::generate_ec("P-256", "ec-1");
  jwt_key p384 = testing::generate_ec("P-384", "ec-2");
  jwt_key secret = testing::hmac_key("a-shared-secret-of-at-least-32-bytes!");
};

const keys& test_keys() {
  static const keys k;  // RSA generation is slow under sanitizers: once per process
  return k;
}

std::string claims(const std::string& extra = "") {
  return "{\"iss\":\"https://idp.test\",\"aud\":\"api\",\"sub\":\"alice\",\"exp\":" + std::to_string(now_s + 60) +
         (extra.empty() ? "" : "," + extra) + "}";
}
std::string header(const std::string& alg, const std::string& extra = "") {
  return "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"" + (extra.empty() ? "" : "," + extra) + "}";
}

class JwtValidator : public ::testing::Test {
 protected:
  JwtValidator() {
    const keys& k = test_keys();
    core::jwt_issuer_config hmac;
    hmac.issuer = "https://idp.test";
    hmac.audiences = {"api", "other"};
    hmac.algorithms = {"HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "ES256", "ES384"};
    hmac.secret = k.secret.secret;
    hmac.jwks_file = testing::write_temp("jwt_validator_jwks.json",
                                         testing::jwks_of({testing::jwk_of(k.rsa), testing::jwk_of(k.p256), testing::jwk_of(k.p384)}));
    config.issuers = {hmac};
    config.leeway = 30s;
  }
  std::string reject(const std::string& token) {
    const jwt_validator v(config, clock, 0ns);
    auto r = v.validate(token);
    if (auto* e = std::get_if<jwt_error>(&r)) return e->code;
    return "accepted";
  }
  core::jwt_auth_config config;
  core::manual_clock clock{core::time_point{std::chrono::seconds(now_s)}};
};

TEST_F(JwtValidator, AcceptsEverySupportedAlgorithmWithItsKey) {
  const keys& k = test_keys();
  struct row {
    const char* alg;
    const jwt_key* key;
  };
  for (const row& r : {row{"HS256", &k.secret}, row{"HS384", &k.secret}, row{"HS512", &k.secret}, row{"RS256", &k.rsa},
                       row{"RS384", &k.rsa}, row{"RS512", &k.rsa}, row{"PS256", &k.rsa}, row{"ES256", &k.p256},
                       row{"ES384", &k.p384}}) {
    EXPECT_EQ(reject(make_token(r.alg, *r.key, header(r.alg), claims())), "accepted") << r.alg;
  }
  const std::string with_kid = make_token("ES256", k.p256, header("ES256", "\"kid\":\"ec-1\""), claims());
  EXPECT_EQ(reject(with_kid), "accepted");
}

TEST_F(JwtValidator, RejectsEachClassOfBadToken) {
  const keys& k = test_keys();
  const std::string good = make_token("HS256", k.secret, header("HS256"), claims());
  const auto dot = good.rfind('.');
  const auto other_secret = testing::hmac_key("another-secret-another-secret-xx");
  struct row {
    std::string name, token, code;
  };
  const std::vector<row> rows{
      {"alg none", make_token("none", k.secret, header("none"), claims()), "unsupported_alg"},
      {"alg NoNe", make_token("NoNe", k.secret, header("NoNe"), claims()), "unsupported_alg"},
      {"unknown alg", make_token("HS1", k.secret, header("HS1"), claims()), "unsupported_alg"},
      {"crit", make_token("HS256", k.secret, header("HS256", "\"crit\":[\"exp\"],\"exp\":1"), claims()), "crit"},
      {"padded segment", good.substr(0, dot) + "." + good.substr(dot + 1) + "=", "malformed"},
      {"non-base64url", "+" + good.substr(1), "malformed"},
      {"two segments", good.substr(0, dot), "malformed"},
      {"four segments", good + ".x", "malformed"},
      {"header not JSON", base64url_encode("nope") + good.substr(good.find('.')), "malformed"},
      {"bad signature", make_token("HS256", other_secret, header("HS256"), claims()), "bad_signature"},
      {"tampered payload",
       good.substr(0, good.find('.') + 1) + base64url_encode(claims("\"admin\":true")) + good.substr(dot),
       "bad_signature"},
      {"expired beyond leeway", make_token("HS256", k.secret, header("HS256"), "{\"iss\":\"https://idp.test\",\"aud\":\"api\",\"exp\":" + std::to_string(now_s - 30) + "}"), "expired"},
      {"nbf beyond leeway", make_token("HS256", k.secret, header("HS256"), claims("\"nbf\":" + std::to_string(now_s + 31))), "not_yet_valid"},
      {"exp not a number", make_token("HS256", k.secret, header("HS256"), "{\"iss\":\"https://idp.test\",\"aud\":\"api\",\"exp\":\"soon\"}"), "malformed"},
      {"wrong issuer", make_token("HS256", k.secret, header("HS256"), "{\"iss\":\"https://evil.test\",\"aud\":\"api\"}"), "wrong_issuer"},
      {"no issuer", make_token("HS256", k.secret, header("HS256"), "{\"aud\":\"api\"}"), "wrong_issuer"},
      {"wrong audience", make_token("HS256", k.secret, header("HS256"), "{\"iss\":\"https://idp.test\",\"aud\":[\"x\",\"y\"]}"), "wrong_audience"},
      {"no audience", make_token("HS256", k.secret, header("HS256"), "{\"iss\":\"https://idp.test\"}"), "wrong_audience"},
      {"unknown kid", make_token("RS256", k.rsa, header("RS256", "\"kid\":\"rsa-9\""), claims()), "unknown_key"},
      {"ES256 signed by an unknown P-256 key", make_token("ES256", testing::generate_ec("P-256"), header("ES256"), claims()), "bad_signature"},
      {"ES384 token, no P-384 key fits its kid", make_token("ES384", k.p384, header("ES384", "\"kid\":\"ec-1\""), claims()), "unknown_key"},
  };
  for (const row& r : rows) EXPECT_EQ(reject(r.token), r.code) << r.name;
}

TEST_F(JwtValidator, HonoursLeewayAtTheExactBoundaries) {
  const keys& k = test_keys();
  const auto with_exp = [&](std::int64_t exp) {
    return make_token("HS256", k.secret, header("HS256"), "{\"iss\":\"https://idp.test\",\"aud\":\"api\",\"exp\":" + std::to_string(exp) + "}");
  };
  EXPECT_EQ(reject(with_exp(now_s - 29)), "accepted");  // 29 s late, 30 s leeway
  EXPECT_EQ(reject(with_exp(now_s - 30)), "expired");   // now >= exp + leeway
  const auto with_nbf = [&](std::int64_t nbf) {
    return make_token("HS256", k.secret, header("HS256"), claims("\"nbf\":" + std::to_string(nbf)));
  };
  EXPECT_EQ(reject(with_nbf(now_s + 30)), "accepted");
  EXPECT_EQ(reject(with_nbf(now_s + 31)), "not_yet_valid");
  config.leeway = 0s;
  EXPECT_EQ(reject(with_exp(now_s + 1)), "accepted");
  clock.advance(1s);
  EXPECT_EQ(reject(with_exp(now_s + 1)), "expired");
}

TEST_F(JwtValidator, RejectsAlgorithmConfusionWithTheRsaPublicKeyAsHmacSecret) {
  // The classic attack: take the issuer's RSA public key (PEM) and use it as an HS256 secret.
  const keys& k = test_keys();
  core::jwt_issuer_config rsa_only;
  rsa_only.issuer = "https://idp.test";
  rsa_only.algorithms = {"RS256", "HS256"};  // even with HS256 allowed, no HMAC key exists
  rsa_only.public_key_file = testing::write_temp("jwt_confusion.pem", testing::public_pem(k.rsa));
  config.issuers = {rsa_only};
  const auto pem_as_secret = testing::hmac_key(testing::public_pem(k.rsa));
  EXPECT_EQ(reject(make_token("HS256", pem_as_secret, header("HS256"), claims())), "unknown_key");
  EXPECT_EQ(reject(make_token("RS256", k.rsa, header("RS256"), claims())), "accepted");
  // A PEM key has no kid: a token naming one still verifies with it.
  EXPECT_EQ(reject(make_token("RS256", k.rsa, header("RS256", "\"kid\":\"idp-2024\""), claims())), "accepted");
}

TEST_F(JwtValidator, EnforcesThePerIssuerAllowList) {
  const keys& k = test_keys();
  config.issuers[0].algorithms = {"ES256"};
  EXPECT_EQ(reject(make_token("HS256", k.secret, header("HS256"), claims())), "unsupported_alg");
  EXPECT_EQ(reject(make_token("RS256", k.rsa, header("RS256"), claims())), "unsupported_alg");
  EXPECT_EQ(reject(make_token("ES256", k.p256, header("ES256"), claims())), "accepted");
}

TEST_F(JwtValidator, PicksUpARotatedJwksKeyByKid) {
  const keys& k = test_keys();
  const auto next = testing::generate_ec("P-256", "ec-next");
  config.issuers[0].jwks_file = testing::write_temp("jwt_rotation_jwks.json", testing::jwks_of({testing::jwk_of(k.p256)}));
  config.issuers[0].jwks_refresh = 10min;
  config.issuers[0].jwks_min_refresh = 1s;
  const jwt_validator v(config, clock, 0ns);
  // No exp: the clock moves by 20 minutes here.
  const std::string token = make_token("ES256", next, header("ES256", "\"kid\":\"ec-next\""), R"({"iss":"https://idp.test","aud":"api"})");
  const auto code = [&] {
    auto r = v.validate(token);
    return std::holds_alternative<verified_jwt>(r) ? std::string("accepted") : std::get<jwt_error>(r).code;
  };
  EXPECT_EQ(code(), "unknown_key");
  testing::write_temp("jwt_rotation_jwks.json", testing::jwks_of({testing::jwk_of(k.p256), testing::jwk_of(next)}));
  EXPECT_EQ(code(), "unknown_key");  // an unknown kid reloads at most once per jwks_min_refresh
  clock.advance(1s);
  EXPECT_EQ(code(), "accepted");
  testing::write_temp("jwt_rotation_jwks.json", "{not json");  // a broken rewrite keeps the keys
  clock.advance(10min);
  EXPECT_EQ(code(), "accepted");
  testing::write_temp("jwt_rotation_jwks.json", testing::jwks_of({testing::jwk_of(k.p256)}));  // retired
  clock.advance(10min);
  EXPECT_EQ(code(), "unknown_key");
}

TEST(JwtScopes, ReadsScopeStringsAndScpArrays) {
  boost::json::object c;
  c["scope"] = "read  write";
  EXPECT_TRUE(has_scopes(c, {"read", "write"}));
  EXPECT_FALSE(has_scopes(c, {"admin"}));
  boost::json::object d;
  d["scp"] = boost::json::array{"admin", "read"};
  EXPECT_TRUE(has_scopes(d, {"admin"}));
  EXPECT_TRUE(has_scopes(boost::json::object{}, {}));
  EXPECT_FALSE(has_scopes(boost::json::object{}, {"read"}));
}

TEST(JwtClaims, RendersClaimsAsSafeHeaderValues) {
  boost::json::object c;
  c["sub"] = "alice";
  c["n"] = 42;
  c["evil"] = "a\r\nX-Admin: 1";
  EXPECT_EQ(claim_as_text(c, "sub"), "alice");
  EXPECT_EQ(claim_as_text(c, "n"), "42");
  EXPECT_EQ(claim_as_text(c, "evil"), "");
  EXPECT_EQ(claim_as_text(c, "missing"), "");
}

}  // namespace
}  // namespace portico::gateway
