#include "gateway/auth/auth_stage.hpp"
#include "gateway/auth/base64url.hpp"
#include "gateway/auth/basic_credentials.hpp"
#include "gateway/auth/basic_stage.hpp"
#include "tests/unit/gateway/auth/auth_test_support.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using testing::get_with;
using testing::test_request;

// The minimum the parser accepts, to keep the sanitizer build fast.
constexpr std::uint32_t iterations = 1000;

TEST(BasicCredentials, ChecksPasswordsAgainstPbkdf2Hashes) {
  const std::string file = credentials_line("alice", "s3cret", "salt-alice", iterations) + "\n# comment\n\n" +
                           credentials_line("bob", "hunter2", "salt-bob", iterations) + "\r\n";
  const basic_credentials creds(parse_credentials(file, "users.txt"));
  EXPECT_TRUE(creds.check("alice", "s3cret"));
  EXPECT_TRUE(creds.check("alice", "s3cret"));  // remembered
  EXPECT_TRUE(creds.check("bob", "hunter2"));
  EXPECT_FALSE(creds.check("alice", "hunter2"));
  EXPECT_FALSE(creds.check("alice", "s3cret "));
  EXPECT_FALSE(creds.check("carol", "s3cret"));
  EXPECT_FALSE(creds.check("", ""));
}

TEST(BasicCredentials, RejectsMalformedLinesWithTheirPosition) {
  const std::string good = credentials_line("alice", "pw", "salt", iterations);
  for (const std::string& bad : {std::string("alice"), std::string(":pbkdf2-sha256$1000$c2FsdA==$") + std::string(24, 'A'),
                                 std::string("alice:md5$1000$c2FsdA==$AAAAAAAAAAAAAAAAAAAAAA=="),
                                 std::string("alice:pbkdf2-sha256$999$c2FsdA==$AAAAAAAAAAAAAAAAAAAAAA=="),
                                 std::string("alice:pbkdf2-sha256$1000$$AAAAAAAAAAAAAAAAAAAAAA=="),
                                 std::string("alice:pbkdf2-sha256$1000$c2FsdA==$AAAA"), good}) {
    try {
      parse_credentials(good + "\n" + bad + "\n", "users.txt");
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("users.txt:2:"), std::string::npos) << e.what();
    }
  }
}

class BasicStage : public ::testing::Test {
 protected:
  core::manual_clock clock;
  std::string file = testing::write_temp("users.txt", credentials_line("alice", "s3cret", "NaCl", iterations) + "\n");
  testing::built_route route = testing::build_route_stage("{basic: {credentials_file: " + file + ", realm: shop}}",
                                                           &make_basic_stage, clock);
  const stage& s() { return *route.stage_; }
  static std::string basic(const std::string& user_pass) { return "Authorization: Basic " + base64_encode(user_pass) + "\r\n"; }
};

TEST_F(BasicStage, AcceptsTheRightPasswordAndNamesTheUser) {
  test_request r(get_with(basic("alice:s3cret")));
  EXPECT_EQ(r.run(s()).action, stage_result::kind::next);
  EXPECT_EQ(r.ctx.who.subject, "alice");
}

TEST_F(BasicStage, Answers401WithTheRealm) {
  for (const std::string& h : {std::string(""), basic("alice:wrong"), basic("alice"), basic("bob:s3cret"),
                               std::string("Authorization: Basic !!!\r\n"), std::string("Authorization: Bearer x\r\n")}) {
    test_request r(get_with(h));
    EXPECT_EQ(r.run(s()).action, stage_result::kind::respond) << h;
    EXPECT_EQ(r.ctx.response.status, 401);
    EXPECT_EQ(r.response_header("WWW-Authenticate"), "Basic realm=\"shop\", charset=\"UTF-8\"");
    EXPECT_FALSE(r.ctx.who.authenticated);
  }
  EXPECT_EQ(auth_stage_report(s())->unauthorized, 6u);
}

}  // namespace
}  // namespace portico::gateway
