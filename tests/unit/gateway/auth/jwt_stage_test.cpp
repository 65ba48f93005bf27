// The jwt stage on a request context: 401 challenges, 403 for missing scopes, the identity and
// forwarded claims (replacing client-sent headers, never carrying CR/LF).
#include "gateway/auth/auth_stage.hpp"
#include "gateway/auth/jwt_stage.hpp"
#include "tests/unit/gateway/auth/auth_test_support.hpp"
#include "tests/unit/gateway/auth/jwt_test_keys.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using testing::get_with;
using testing::make_token;
using testing::test_request;

const std::string secret = "stage-test-secret-0123456789abcdef";

class JwtStage : public ::testing::Test {
 protected:
  core::manual_clock clock;
  testing::built_route route = testing::build_route_stage(
      "{jwt: {issuers: [{issuer: idp, algorithms: [HS256], secret: " + secret +
          "}], required_scopes: [orders.read], forward_claims: {sub: X-User, tenant: X-Tenant}}}",
      &make_jwt_stage, clock);
  const stage& s() { return *route.stage_; }

  static std::string token(const std::string& claims) {
    return make_token("HS256", testing::hmac_key(secret), "{\"alg\":\"HS256\"}", claims);
  }
  static std::string bearer(const std::string& t) { return "Authorization: Bearer " + t + "\r\n"; }
};

TEST_F(JwtStage, AcceptsAValidTokenAndForwardsClaims) {
  test_request r(get_with(bearer(token(R"({"iss":"idp","sub":"alice","tenant":"t1","client_id":"app","scope":"orders.read"})"))));
  ASSERT_EQ(r.run(s()).action, stage_result::kind::next) << r.ctx.response.body;
  EXPECT_TRUE(r.ctx.who.authenticated);
  EXPECT_EQ(r.ctx.who.subject, "alice");
  EXPECT_EQ(r.ctx.who.client, "app");
  const http::header_pairs expected{{"X-User", "alice"}, {"X-Tenant", "t1"}};
  EXPECT_EQ(r.ctx.upstream_headers, expected);
  EXPECT_EQ(auth_stage_report(s())->ok, 1u);
}

TEST_F(JwtStage, OverwritesForwardedHeadersEvenWhenTheClaimIsAbsent) {
  test_request r(get_with(bearer(token(R"({"iss":"idp","sub":"bob","scope":"orders.read"})")) + "X-Tenant: forged\r\n"));
  ASSERT_EQ(r.run(s()).action, stage_result::kind::next);
  const http::header_pairs expected{{"X-User", "bob"}, {"X-Tenant", ""}};
  EXPECT_EQ(r.ctx.upstream_headers, expected);
}

TEST_F(JwtStage, AnswersMissingAndInvalidTokensWith401) {
  struct row {
    std::string headers, challenge, code;
  };
  for (const row& c : {row{"", "Bearer realm=\"portico\"", "missing_token"},
                       row{"Authorization: Basic dXNlcjpwYXNz\r\n", "Bearer realm=\"portico\"", "missing_token"},
                       row{"Authorization: Bearer\r\n", "Bearer realm=\"portico\"", "missing_token"},
                       row{bearer("a.b.c"), "Bearer realm=\"portico\", error=\"invalid_token\"", "invalid_token"},
                       row{bearer(token(R"({"iss":"other","scope":"orders.read"})")), "Bearer realm=\"portico\", error=\"invalid_token\"",
                           "invalid_token"}}) {
    test_request r(get_with(c.headers));
    EXPECT_EQ(r.run(s()).action, stage_result::kind::respond) << c.headers;
    EXPECT_EQ(r.ctx.response.status, 401);
    EXPECT_EQ(r.response_header("WWW-Authenticate").rfind(c.challenge, 0), 0u) << r.response_header("WWW-Authenticate");
    EXPECT_NE(r.ctx.response.body.find("\"" + c.code + "\""), std::string::npos) << r.ctx.response.body;
    EXPECT_TRUE(r.ctx.upstream_headers.empty());
    EXPECT_FALSE(r.ctx.who.authenticated);
  }
}

TEST_F(JwtStage, AcceptsTheSchemeInAnyCase) {
  test_request r(get_with("Authorization: bEaReR " + token(R"({"iss":"idp","scope":"orders.read"})") + "\r\n"));
  EXPECT_EQ(r.run(s()).action, stage_result::kind::next);
}

TEST_F(JwtStage, Answers403WhenAScopeIsMissing) {
  test_request r(get_with(bearer(token(R"({"iss":"idp","sub":"alice","scope":"orders.write"})"))));
  EXPECT_EQ(r.run(s()).action, stage_result::kind::respond);
  EXPECT_EQ(r.ctx.response.status, 403);
  EXPECT_EQ(r.response_header("WWW-Authenticate"), "Bearer realm=\"portico\", error=\"insufficient_scope\", scope=\"orders.read\"");
  EXPECT_NE(r.ctx.response.body.find("insufficient_scope"), std::string::npos);
  EXPECT_TRUE(r.ctx.upstream_headers.empty());
  EXPECT_EQ(auth_stage_report(s())->forbidden, 1u);
}

}  // namespace
}  // namespace portico::gateway
