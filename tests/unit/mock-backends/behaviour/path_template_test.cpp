#include "mock-backends/behaviour/path_template.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace portico::mock {
namespace {

struct match_case {
  const char* pattern;
  const char* path;
  bool matches;
};

class PathTemplateMatch : public ::testing::TestWithParam<match_case> {};

TEST_P(PathTemplateMatch, MatchesAsSpecified) {
  const auto& c = GetParam();
  path_captures captures;
  EXPECT_EQ(path_template(c.pattern).match(c.path, captures), c.matches) << c.pattern << " vs " << c.path;
}

INSTANTIATE_TEST_SUITE_P(Cases, PathTemplateMatch,
                         ::testing::Values(match_case{"/health", "/health", true},
                                           match_case{"/health", "/health/", false},
                                           match_case{"/users/{id}", "/users/42", true},
                                           match_case{"/users/{id}", "/users/", false},
                                           match_case{"/users/{id}", "/users/42/orders", false},
                                           match_case{"/users/{id}/orders", "/users/7/orders", true},
                                           match_case{"/a/*/c", "/a/b/c", true},
                                           match_case{"/a/*/c", "/a//c", false},
                                           match_case{"/static/**", "/static/css/site.css", true},
                                           match_case{"/static/**", "/static", true},
                                           match_case{"/static/**", "/other/x", false},
                                           match_case{"*", "/anything/at/all", true},
                                           match_case{"/", "/", true},
                                           match_case{"/", "/x", false}));

TEST(PathTemplate, CapturesNamedSegments) {
  path_template t("/users/{user}/orders/{order}");
  path_captures captures;
  ASSERT_TRUE(t.match("/users/alice/orders/17", captures));
  EXPECT_EQ(captures.size(), 2u);
  EXPECT_EQ(captures.find("user"), "alice");
  EXPECT_EQ(captures.find("order"), "17");
  EXPECT_EQ(captures.find("missing"), "");
  EXPECT_EQ(t.capture_names(), (std::vector<std::string>{"user", "order"}));
}

TEST(PathTemplate, RejectsTemplatesItCannotHonour) {
  EXPECT_THROW(path_template("/a/**/b"), std::invalid_argument);
  EXPECT_THROW(path_template("/users/id{x}"), std::invalid_argument);
  EXPECT_THROW(path_template("/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}"), std::invalid_argument);
}

}  // namespace
}  // namespace portico::mock
