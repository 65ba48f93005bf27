#include "mock-backends/behaviour/body_template.hpp"

#include "tests/support/scratch_files.hpp"

#include <gtest/gtest.h>

namespace portico::mock {
namespace {

core::body_config json_body(std::string content, std::uint64_t size = 0) {
  core::body_config c;
  c.type = core::body_config::kind::json;
  c.content = std::move(content);
  c.size = size;
  return c;
}

TEST(BodyTemplate, SubstitutesCapturesAndLeavesJsonBracesAlone) {
  body_template t(json_body(R"({"id":"{id}","name":"user-{id}","tags":{}})"), {"id"}, 1);
  EXPECT_FALSE(t.is_static());
  path_captures values;
  values.push("id", "42");
  std::string out;
  t.render(values, out);
  EXPECT_EQ(out, R"({"id":"42","name":"user-42","tags":{}})");
  EXPECT_EQ(t.content_type(), "application/json");
}

TEST(BodyTemplate, UnknownPlaceholdersStayLiteralAndKeepTheBodyStatic) {
  core::body_config c;
  c.type = core::body_config::kind::text;
  c.content = "hello {who}";
  body_template t(c, {"id"}, 1);
  EXPECT_TRUE(t.is_static());
  EXPECT_EQ(t.render_static(), "hello {who}");
}

TEST(BodyTemplate, EscapesSubstitutedValuesInJson) {
  body_template t(json_body(R"({"id":"{id}"})"), {"id"}, 1);
  path_captures values;
  values.push("id", "a\"b\\c");
  std::string out;
  t.render(values, out);
  EXPECT_EQ(out, R"({"id":"a\"b\\c"})");
}

TEST(BodyTemplate, PadsJsonWithWhitespaceToTheMinimumSize) {
  body_template t(json_body(R"({"a":1})", 100), {}, 1);
  auto out = t.render_static();
  EXPECT_EQ(out.size(), 100u);
  EXPECT_EQ(out.substr(0, 7), R"({"a":1})");
  EXPECT_EQ(out.find_first_not_of(' ', 7), std::string::npos);
}

TEST(BodyTemplate, RandomBytesHaveTheExactSizeAndDependOnTheSeed) {
  core::body_config c;
  c.type = core::body_config::kind::random_bytes;
  c.size = 4096;
  auto a = body_template(c, {}, 1).render_static();
  EXPECT_EQ(a.size(), 4096u);
  EXPECT_EQ(a, body_template(c, {}, 1).render_static());
  EXPECT_NE(a, body_template(c, {}, 2).render_static());
  EXPECT_EQ(body_template(c, {}, 1).content_type(), "application/octet-stream");
}

TEST(BodyTemplate, EmptyBodyHasNoContentType) {
  body_template t(core::body_config{}, {}, 1);
  EXPECT_TRUE(t.is_static());
  EXPECT_EQ(t.render_static(), "");
  EXPECT_EQ(t.content_type(), "");
}

TEST(BodyTemplate, ServesAFileAsItIsNowAndFailsWhenItIsGone) {
  const auto path = portico::testing::scratch_directory("body-file") / "jwks.json";
  portico::testing::write_file(path, R"({"keys":[{"kid":"{id}"}]})");
  core::body_config c;
  c.type = core::body_config::kind::file;
  c.file = path.string();
  c.size = 100;  // not applied to files
  body_template t(c, {"id"}, 1);
  EXPECT_FALSE(t.is_static());
  EXPECT_EQ(t.content_type(), "application/json");
  path_captures values;
  values.push("id", "42");
  std::string out;
  ASSERT_TRUE(t.render(values, out));
  EXPECT_EQ(out, R"({"keys":[{"kid":"{id}"}]})");  // no placeholders in files
  portico::testing::write_file(path, "rotated");
  out.clear();
  ASSERT_TRUE(t.render(values, out));
  EXPECT_EQ(out, "rotated");
  std::filesystem::remove(path);
  out.clear();
  EXPECT_FALSE(t.render(values, out));
  EXPECT_THROW(body_template(c, {}, 1), std::invalid_argument);
}

}  // namespace
}  // namespace portico::mock
