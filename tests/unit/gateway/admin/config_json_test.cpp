// /config's document read back by a JSON parser: the shape an operator's tooling relies on,
// odd characters in names and paths escaped (not breaking the document), secrets never written.
#include "gateway/admin/config_json.hpp"
#include "tests/support/scenario_text.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

namespace json = boost::json;

const std::string yaml =
    "name: t\n"
    "backends: {users: {instances: 1}}\n"
    "gateway:\n"
    "  admin_token: s3cret\n"
    "  listeners:\n"
    "    - name: public\n"
    "      address: 127.0.0.1:0\n"
    "      routes:\n"
    "        - name: \"we\\\"ird \\\\ r\\u00f6ute\\t\\u0001\"\n"
    "          match: {path_prefix: \"/a\\\"b\\\\c/\\u00e9\"}\n"
    "          backend: users\n"
    "          auth: {api_key: {header: X-Api-Key, keys: [topsecretkey]}}\n"
    "          rate_limit: {algorithm: token_bucket, rate: 500/s, burst: 50, key: [api_key]}\n";

TEST(ConfigJson, ParsesBackWithOddCharactersEscapedAndSecretsLeftOut) {
  const auto config = testing::scenario_from_text(yaml).gateway;
  const std::string text = json::serialize(config_to_json(config));
  json::error_code ec;
  const json::value doc = json::parse(text, ec);
  ASSERT_FALSE(ec) << ec.message() << " in " << text;
  const auto& route = doc.at("listeners").at(0).at("routes").at(0);
  EXPECT_EQ(route.at("name").as_string(), "we\"ird \\ r\xc3\xb6ute\t\x01");
  EXPECT_EQ(route.at("match").at("path_prefix").as_string(), "/a\"b\\c/\xc3\xa9");
  EXPECT_NE(text.find("\\u0001"), std::string::npos);  // a control character is escaped, never raw
  EXPECT_EQ(doc.at("listeners").at(0).at("name").as_string(), "public");
  EXPECT_EQ(route.at("backends").at(0).at("backend").as_string(), "users");
  EXPECT_EQ(route.at("auth").at(0).as_string(), "api_key");
  const auto& limit = route.at("rate_limit");
  EXPECT_EQ(limit.at("algorithm").as_string(), "token_bucket");
  EXPECT_EQ(limit.at("rate_per_second").as_double(), 500.0);
  EXPECT_EQ(limit.at("burst").as_int64(), 50);
  EXPECT_EQ(limit.at("key").at(0).as_string(), "api_key");
  EXPECT_EQ(doc.at("admin_token").as_string(), "<redacted>");
  EXPECT_EQ(text.find("s3cret"), std::string::npos);
  EXPECT_EQ(text.find("topsecretkey"), std::string::npos);
}

}  // namespace
}  // namespace portico::gateway
