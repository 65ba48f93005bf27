#include "gateway/router/path_template.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace portico::gateway {
namespace {

TEST(PathTemplate, MatchesSegmentsAndCapturesTable) {
  struct row {
    std::string pattern, path;
    bool matches;
    std::vector<std::pair<std::string, std::string>> captures;
  };
  const std::vector<row> rows = {
      {"/users/{id}", "/users/42", true, {{"id", "42"}}},
      {"/users/{id}", "/users/", false, {}},
      {"/users/{id}", "/users", false, {}},
      {"/users/{id}", "/users/42/x", false, {}},
      {"/users/{id}", "/Users/42", false, {}},
      {"/", "/", true, {}},
      {"/a/{b}/c", "/a/x/c", true, {{"b", "x"}}},
      {"/a/{b}/c", "/a/x/d", false, {}},
      {"/files/{path*}", "/files/a/b/c.txt", true, {{"path", "a/b/c.txt"}}},
      {"/files/{path*}", "/files/", true, {{"path", ""}}},
      {"/files/{path*}", "/files", true, {{"path", ""}}},
      {"/files/{path*}", "/filesx", false, {}},
      {"/{a}/{b}", "/x/y", true, {{"a", "x"}, {"b", "y"}}},
  };
  for (const auto& r : rows) {
    const path_template t(r.pattern);
    path_captures c;
    EXPECT_EQ(t.match(r.path, c), r.matches) << r.pattern << " vs " << r.path;
    if (!r.matches) {
      EXPECT_EQ(c.size(), 0u) << "a failed match leaves no captures: " << r.pattern << " vs " << r.path;
      continue;
    }
    ASSERT_EQ(c.size(), r.captures.size()) << r.pattern;
    for (const auto& [name, value] : r.captures) {
      ASSERT_NE(c.find(name), nullptr) << name;
      EXPECT_EQ(*c.find(name), value) << name;
    }
  }
}

TEST(PathTemplate, ExpandsCapturesIntoRewritePatterns) {
  path_captures c;
  c.add("id", "42");
  c.add("rest", "a/b");
  EXPECT_EQ(expand_captures("/orders?user={id}", c), "/orders?user=42");
  EXPECT_EQ(expand_captures("/x/{rest*}/{id}", c), "/x/a/b/42");
  EXPECT_EQ(expand_captures("/x/{unknown}", c), "/x/");
  EXPECT_EQ(expand_captures("/x/{open", c), "/x/{open");
}

}  // namespace
}  // namespace portico::gateway
