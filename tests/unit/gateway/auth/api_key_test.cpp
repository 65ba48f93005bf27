#include "gateway/auth/api_key_stage.hpp"
#include "gateway/auth/api_key_table.hpp"
#include "gateway/auth/auth_stage.hpp"
#include "tests/unit/gateway/auth/auth_test_support.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace portico::gateway {
namespace {

using testing::build_route_stage;
using testing::get_with;
using testing::test_request;

TEST(ApiKeyTable, FindsKeysWithTheirClientAndPlan) {
  core::api_key_auth_config c;
  c.keys = {{"k1", "acme", "gold"}, {"k2", "", ""}};
  const api_key_table table(c);
  ASSERT_NE(table.find("k1"), nullptr);
  EXPECT_EQ(table.find("k1")->client, "acme");
  EXPECT_EQ(table.find("k1")->plan, "gold");
  EXPECT_EQ(table.find("k2")->client, "key-1");  // a stable name that does not reveal the key
  EXPECT_EQ(table.find("k3"), nullptr);
  EXPECT_EQ(table.find("k"), nullptr);
  EXPECT_EQ(table.find("k1 "), nullptr);
  EXPECT_EQ(table.find(""), nullptr);
}

TEST(ApiKeyTable, RejectsDuplicateKeys) {
  core::api_key_auth_config c;
  c.keys = {{"k1", "a", ""}, {"k1", "b", ""}};
  EXPECT_THROW(api_key_table{c}, std::invalid_argument);
}

TEST(ApiKeyTable, ParsesKeysFilesAndNamesTheBadLine) {
  const auto keys = parse_api_keys("# comment\n\nk1\nk2, acme\r\n k3 ,beta, gold\n", "keys.txt");
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0].key, "k1");
  EXPECT_EQ(keys[1].client, "acme");
  EXPECT_EQ(keys[2].key, "k3");
  EXPECT_EQ(keys[2].plan, "gold");
  try {
    parse_api_keys("k1\na,b,c,d\n", "keys.txt");
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("keys.txt:2:"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_api_keys(",client\n", "keys.txt"), std::invalid_argument);
}

TEST(ApiKeyTable, LoadsTheKeysFileBesideInlineKeys) {
  const std::string path = testing::write_temp("keys.txt", "file-key,filed,silver\n");
  core::api_key_auth_config c;
  c.keys = {{"inline", "", ""}};
  c.keys_file = path;
  const api_key_table table(c);
  EXPECT_EQ(table.size(), 2u);
  ASSERT_NE(table.find("file-key"), nullptr);
  EXPECT_EQ(table.find("file-key")->plan, "silver");
  std::remove(path.c_str());
  c.keys_file = path + ".missing";
  EXPECT_THROW(api_key_table{c}, std::invalid_argument);
}

class ApiKeyStage : public ::testing::Test {
 protected:
  core::manual_clock clock;
  testing::built_route route = build_route_stage(
      "{api_key: {header: X-Api-Key, query_param: api_key, keys: [{key: k1, client: acme, plan: gold}, k2]}}",
      &make_api_key_stage, clock);
  const stage& s() { return *route.stage_; }
};

TEST_F(ApiKeyStage, AcceptsAKnownKeyFromTheHeaderAndSetsTheIdentity) {
  test_request r(get_with("X-Api-Key: k1\r\n"));
  EXPECT_EQ(r.run(s()).action, stage_result::kind::next);
  EXPECT_TRUE(r.ctx.who.authenticated);
  EXPECT_EQ(r.ctx.who.client, "acme");
  EXPECT_EQ(r.ctx.who.plan, "gold");
}

TEST_F(ApiKeyStage, AcceptsTheQueryParameterWhenTheHeaderIsAbsent) {
  test_request r(get_with("", "/x?a=1&api_key=k2"));
  EXPECT_EQ(r.run(s()).action, stage_result::kind::next);
  EXPECT_EQ(r.ctx.who.client, "key-1");
}

TEST_F(ApiKeyStage, AnswersMissingAndUnknownKeysWith401AndAChallenge) {
  struct row {
    std::string request, error;
  };
  for (const row& c : {row{get_with(""), "missing_api_key"}, row{get_with("X-Api-Key: nope\r\n"), "invalid_api_key"},
                       row{get_with("", "/x?api_key=k3"), "invalid_api_key"},
                       row{get_with("", "/x?apikey=k1"), "missing_api_key"}}) {
    test_request r(c.request);
    EXPECT_EQ(r.run(s()).action, stage_result::kind::respond) << c.request;
    EXPECT_EQ(r.ctx.response.status, 401);
    EXPECT_EQ(r.response_header("WWW-Authenticate"), "ApiKey realm=\"portico\", header=\"X-Api-Key\"");
    EXPECT_NE(r.ctx.response.body.find("\"" + c.error + "\""), std::string::npos) << r.ctx.response.body;
    EXPECT_FALSE(r.ctx.who.authenticated);
  }
  const auto report = auth_stage_report(s());
  ASSERT_TRUE(report);
  EXPECT_EQ(report->method, "api_key");
  EXPECT_EQ(report->unauthorized, 4u);
  EXPECT_EQ(report->ok, 0u);
}

TEST_F(ApiKeyStage, IsNotBuiltForRoutesWithoutApiKeyAuth) {
  auto other = build_route_stage("{basic: {credentials_file: /nonexistent}}", &make_api_key_stage, clock);
  EXPECT_EQ(other.stage_, nullptr);
}

}  // namespace
}  // namespace portico::gateway
