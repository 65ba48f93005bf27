#include "core/config/loader.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace portico::core {
namespace {

namespace json = boost::json;

json::object schema() { return json::parse(scenario_json_schema()).as_object(); }

const json::value& at(const json::value& v, std::initializer_list<std::string_view> path) {
  const json::value* cur = &v;
  for (auto key : path) cur = &cur->as_object().at(key);
  return *cur;
}

// Every property of every object schema, recursively, as "path" strings without a description.
void undocumented(const json::value& v, const std::string& path, std::vector<std::string>& out) {
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.as_array().size(); ++i) undocumented(v.as_array()[i], path + "[" + std::to_string(i) + "]", out);
    return;
  }
  if (!v.is_object()) return;
  for (const auto& [key, child] : v.as_object()) {
    if (key == "properties" && child.is_object()) {
      for (const auto& [name, property] : child.as_object()) {
        const auto& p = property.as_object();
        const bool pattern_only = p.contains("pattern") && !p.contains("type");  // unit / propertyNames patterns
        if (!p.contains("description") && !pattern_only && path.find("variants") == std::string::npos) {
          out.push_back(path + "." + std::string(name));
        }
      }
    }
    undocumented(child, path + "/" + std::string(key), out);
  }
}

TEST(Schema, IsDraft202012WithClosedObjects) {
  const auto s = schema();
  EXPECT_EQ(s.at("$schema"), "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(s.at("type"), "object");
  EXPECT_EQ(s.at("additionalProperties"), false);
  const json::value root = s;
  EXPECT_EQ(at(root, {"properties", "load", "additionalProperties"}), false);
}

TEST(Schema, StatesRangesEnumsDefaultsAndUnitPatterns) {
  const json::value s = schema();
  const auto& backend = at(s, {"properties", "backends", "additionalProperties", "properties"});
  EXPECT_EQ(at(backend, {"instances", "minimum"}), 1);
  EXPECT_EQ(at(backend, {"instances", "default"}), 1);
  EXPECT_EQ(at(s, {"properties", "load", "properties", "model", "enum"}), (json::array{"open", "closed"}));
  EXPECT_EQ(at(s, {"properties", "load", "properties", "timeout", "default"}), "10s");
  EXPECT_TRUE(at(s, {"properties", "phases", "properties", "measure"}).as_object().contains("pattern"));
  EXPECT_EQ(at(s, {"properties", "load", "properties", "rate", "pattern"}), "^[0-9]+(\\.[0-9]+)?/(s|m|min|h|ms|us)$");
}

TEST(Schema, OffersTheShorthandFormsAsOneOf) {
  const json::value s = schema();
  const auto& endpoint = at(s, {"properties", "backends", "additionalProperties", "properties", "endpoints", "items", "properties"});
  EXPECT_EQ(at(endpoint, {"latency", "oneOf"}).as_array().size(), 8u);  // a duration + 7 distributions
  EXPECT_EQ(at(endpoint, {"body", "oneOf"}).as_array().size(), 2u);
  const auto& route = at(s, {"properties", "gateway", "properties", "listeners", "items", "properties", "routes", "items", "properties"});
  EXPECT_EQ(at(route, {"backend", "type"}), "string");
  EXPECT_EQ(at(route, {"lb", "oneOf"}).as_array().size(), 2u);
  EXPECT_EQ(at(route, {"rate_limit", "properties", "key", "oneOf"}).as_array().size(), 2u);
  EXPECT_EQ(at(s, {"properties", "load", "properties", "schedule", "items", "oneOf"}).as_array().size(), 3u);
  EXPECT_EQ(at(s, {"properties", "variants", "oneOf"}).as_array().size(), 2u);
}

TEST(Schema, DescribesEveryField) {
  std::vector<std::string> missing;
  undocumented(json::value(schema()), "", missing);
  EXPECT_TRUE(missing.empty()) << ::testing::PrintToString(missing);
}

}  // namespace
}  // namespace portico::core
