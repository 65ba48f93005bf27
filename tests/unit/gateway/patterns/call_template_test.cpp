#include "gateway/patterns/call_template.hpp"
#include "gateway/patterns/call_merge.hpp"
#include "gateway/patterns/response_shape.hpp"

#include <boost/json/parse.hpp>

#include <gtest/gtest.h>

namespace portico::gateway::patterns {
namespace {

namespace json = boost::json;

TEST(CallTemplate, ExpandsCapturesAndMembersOfEarlierAnswers) {
  path_captures caps;
  caps.add("id", "42");
  step_answers steps;
  steps.emplace("user", json::parse(R"({"id": 7, "name": "a b/c", "items": [{"sku": "x1"}], "vip": true})"));
  EXPECT_EQ(expand_call_template("/users/{id}", caps, steps).text, "/users/42");
  EXPECT_EQ(expand_call_template("/orders?user={user.id}&n={user.name}", caps, steps).text, "/orders?user=7&n=a%20b%2Fc");
  EXPECT_EQ(expand_call_template("/sku/{user.items.0.sku}/{user.vip}", caps, steps).text, "/sku/x1/true");
}

TEST(CallTemplate, ReportsTheFirstPlaceholderThatDoesNotResolve) {
  path_captures caps;
  step_answers steps;
  steps.emplace("user", json::parse(R"({"id": null, "obj": {}})"));
  EXPECT_EQ(expand_call_template("/x/{user.id}", caps, steps).unresolved, "user.id");      // null
  EXPECT_EQ(expand_call_template("/x/{user.obj}", caps, steps).unresolved, "user.obj");    // object
  EXPECT_EQ(expand_call_template("/x/{user.nope}", caps, steps).unresolved, "user.nope");
  EXPECT_EQ(expand_call_template("/x/{other.id}", caps, steps).unresolved, "other.id");
  EXPECT_EQ(expand_call_template("/x/{id}", caps, steps).unresolved, "id");
  EXPECT_TRUE(expand_call_template("/plain", caps, steps).ok());
}

backend_reply ok_reply(std::string body) {
  backend_reply r;
  r.status = 200;
  r.body = std::move(body);
  return r;
}

TEST(CallMerge, MergesByKeyAndListsFailures) {
  backend_reply timeout;
  timeout.what = backend_reply::outcome::timeout;
  const std::vector<named_reply> replies{{"user", ok_reply(R"({"id":1})")}, {"text", ok_reply("plain")}, {"orders", timeout}};
  const auto doc = json::parse(merge_replies(replies, merge_mode::by_key)).as_object();
  EXPECT_EQ(doc.at("user").at("id").as_int64(), 1);
  EXPECT_EQ(doc.at("text").as_string(), "plain");
  EXPECT_TRUE(doc.at("_partial").as_bool());
  EXPECT_EQ(doc.at("_errors").at("orders").as_string(), "timeout");
}

TEST(CallMerge, TopLevelMergeLetsLaterCallsWin) {
  const std::vector<named_reply> replies{{"a", ok_reply(R"({"x":1,"y":1})")}, {"b", ok_reply(R"({"y":2})")}, {"c", ok_reply("[1]")}};
  const auto doc = json::parse(merge_replies(replies, merge_mode::top_level)).as_object();
  EXPECT_EQ(doc.at("x").as_int64(), 1);
  EXPECT_EQ(doc.at("y").as_int64(), 2);
  EXPECT_TRUE(doc.at("c").is_array());
  EXPECT_EQ(doc.count("_partial"), 0u);
}

TEST(ResponseShape, AllowsThenRemovesThenRenames) {
  core::response_shape_config s;
  s.allow = {"id", "name", "email", "secret"};
  s.remove = {"secret"};
  s.rename = {{"name", "displayName"}};
  const auto out = shape_json(R"({"id":1,"name":"a","email":"e","secret":"s","internal":true})", s);
  ASSERT_TRUE(out);
  const auto doc = json::parse(*out).as_object();
  EXPECT_EQ(doc.size(), 3u);
  EXPECT_EQ(doc.at("displayName").as_string(), "a");
  EXPECT_EQ(doc.count("secret") + doc.count("internal") + doc.count("name"), 0u);
  EXPECT_FALSE(shape_json("[1,2]", s));
  EXPECT_FALSE(shape_json("not json", s));
}

}  // namespace
}  // namespace portico::gateway::patterns
