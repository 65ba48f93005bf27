// Backend for frontend: two listeners in one gateway, each with its own routes and response
// shaping over the same backend.
#include "tests/integration/patterns_fixture.hpp"

#include <boost/json/parse.hpp>

namespace portico::testing {
namespace {

namespace json = boost::json;

const std::string bff_yaml =
    "name: bff\n"
    "backends:\n"
    "  users:\n"
    "    endpoints:\n"
    "      - match: GET /users/{id}\n"
    "        body: {json: {id: \"{id}\", name: \"user-{id}\", email: \"u{id}@x.test\", internal_score: 7}}\n"
    "gateway:\n"
    "  listeners:\n"
    "    - name: web\n"
    "      routes:\n"
    "        - match: {path_prefix: /users}\n"
    "          backend: users\n"
    "          shape: {remove: [internal_score]}\n"
    "    - name: mobile\n"
    "      routes:\n"
    "        - match: {path_prefix: /m/users}\n"
    "          rewrite: {strip_prefix: /m}\n"
    "          backend: users\n"
    "          shape: {allow: [id, name], rename: {name: n}}\n"
    "          cache: {ttl: 10s}\n";

TEST(PatternsBff, EachListenerShapesTheSameBackendItsOwnWay) {
  patterns_fixture f(bff_yaml);
  const auto web = f.get("/users/3", "", 0);
  ASSERT_TRUE(web);
  ASSERT_EQ(web->status, 200) << web->body;
  const auto w = json::parse(web->body).as_object();
  EXPECT_EQ(w.at("email").as_string(), "u3@x.test");
  EXPECT_EQ(w.count("internal_score"), 0u);

  const auto mobile = f.get("/m/users/3", "", 1);
  ASSERT_TRUE(mobile);
  ASSERT_EQ(mobile->status, 200) << mobile->body;
  const auto m = json::parse(mobile->body).as_object();
  EXPECT_EQ(m.size(), 2u);
  EXPECT_EQ(m.at("n").as_string(), "user-3");
  // The shaped answer is what the mobile cache keeps.
  const auto again = f.get("/m/users/3", "", 1);
  EXPECT_EQ(again->header("x-cache"), "HIT");
  EXPECT_EQ(again->body, mobile->body);
}

TEST(PatternsBff, ListenersDoNotShareRoutes) {
  patterns_fixture f(bff_yaml);
  EXPECT_EQ(f.get("/m/users/3", "", 0)->status, 404);
  EXPECT_EQ(f.get("/users/3", "", 1)->status, 404);
}

}  // namespace
}  // namespace portico::testing
