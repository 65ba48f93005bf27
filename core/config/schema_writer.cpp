#include "core/config/schema_writer.hpp"

#include <cmath>
#include <cstdio>

namespace portico::core::detail {

// Keep in step with core/config/units.cpp (the unit tests cover both sides on the same table).
const char* const duration_pattern = "^(0|[0-9]+(\\.[0-9]+)?(ns|us|\u00b5s|ms|s|m|h))$";
const char* const rate_pattern = "^[0-9]+(\\.[0-9]+)?/(s|m|min|h|ms|us)$";
const char* const size_pattern = "^[0-9]+(\\.[0-9]+)?(B|KB|MB|GB|KiB|MiB|GiB)?$";
const char* const fraction_pattern = "^[0-9]+(\\.[0-9]+)?%?$";

namespace {

std::string percent_text(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g%%", fraction * 100);
  return buf;
}

void write_pretty(std::string& out, const json::value& v, int indent) {
  const std::string pad(static_cast<std::size_t>(indent + 2), ' ');
  const std::string close(static_cast<std::size_t>(indent), ' ');
  if (v.is_object() && !v.as_object().empty()) {
    out += "{\n";
    bool first = true;
    for (const auto& [key, value] : v.as_object()) {
      if (!first) out += ",\n";
      first = false;
      out += pad + json::serialize(json::string(key)) + ": ";
      write_pretty(out, value, indent + 2);
    }
    out += "\n" + close + "}";
  } else if (v.is_array() && !v.as_array().empty()) {
    bool scalars = true;
    for (const auto& item : v.as_array()) scalars = scalars && !item.is_structured();
    if (scalars) {
      out += json::serialize(v);
      return;
    }
    out += "[\n";
    bool first = true;
    for (const auto& item : v.as_array()) {
      if (!first) out += ",\n";
      first = false;
      out += pad;
      write_pretty(out, item, indent + 2);
    }
    out += "\n" + close + "]";
  } else {
    out += json::serialize(v);
  }
}

}  // namespace

json::object schema_of(schema_tag, const bool&) { return {{"type", "boolean"}}; }
json::object schema_of(schema_tag, const int&) { return {{"type", "integer"}}; }
json::object schema_of(schema_tag, const std::int64_t&) { return {{"type", "integer"}}; }
json::object schema_of(schema_tag, const std::uint64_t&) { return {{"type", "integer"}, {"minimum", 0}}; }
json::object schema_of(schema_tag, const double&) { return {{"type", "number"}}; }
json::object schema_of(schema_tag, const std::string&) { return {{"type", "string"}}; }
json::object schema_of(schema_tag, const std::chrono::nanoseconds&) {
  // "0" may be written bare (an integer in YAML); everything else needs a unit.
  return {{"type", json::array{"string", "integer"}}, {"pattern", duration_pattern}, {"minimum", 0}, {"maximum", 0}};
}
json::object schema_of(schema_tag, const rate&) { return {{"type", "string"}, {"pattern", rate_pattern}}; }
json::object schema_of(schema_tag, const fraction_ref&) {
  return {{"type", json::array{"string", "number"}}, {"pattern", fraction_pattern}, {"minimum", 0}, {"maximum", 1}};
}
json::object schema_of(schema_tag, const size_ref&) {
  return {{"type", json::array{"string", "integer"}}, {"pattern", size_pattern}, {"minimum", 0}};
}
json::object schema_of(schema_tag, const string_list_ref&) {
  return one_of({{{"type", "string"}}, {{"type", "array"}, {"items", {{"type", "string"}}}}});
}
json::object schema_of(schema_tag, const json_text_ref&) { return {}; }
json::object schema_of(schema_tag, const file_ref&) { return {{"type", "string"}, {"minLength", 1}}; }

std::optional<json::value> default_of(schema_tag, const bool& v) { return json::value(v); }
std::optional<json::value> default_of(schema_tag, const int& v) { return json::value(v); }
std::optional<json::value> default_of(schema_tag, const std::int64_t& v) { return json::value(v); }
std::optional<json::value> default_of(schema_tag, const std::uint64_t& v) { return json::value(v); }
std::optional<json::value> default_of(schema_tag, const double& v) { return json::value(v); }
std::optional<json::value> default_of(schema_tag, const std::string& v) {
  if (v.empty()) return std::nullopt;
  return json::value(v);
}
std::optional<json::value> default_of(schema_tag, const std::chrono::nanoseconds& v) {
  if (v.count() == 0) return json::value(0);
  return json::value(format_duration(v));
}
std::optional<json::value> default_of(schema_tag, const rate& v) {
  if (v.per_second == 0) return std::nullopt;
  return json::value(format_rate(v));
}
std::optional<json::value> default_of(schema_tag, const fraction_ref& v) { return json::value(percent_text(v.value)); }
std::optional<json::value> default_of(schema_tag, const size_ref& v) {
  if (v.value % 1024 == 0 && v.value != 0) return json::value(format_size(v.value));
  return json::value(v.value);
}

json::object one_of(std::initializer_list<json::object> alternatives, std::string_view doc) {
  json::array list;
  for (const auto& a : alternatives) list.emplace_back(a);
  json::object s{{"oneOf", std::move(list)}};
  if (!doc.empty()) s["description"] = doc;
  return s;
}

std::string pretty_json(const json::value& v) {
  std::string out;
  write_pretty(out, v, 0);
  return out + "\n";
}

json::object schema_object::finish(std::string_view doc) const {
  json::object s{{"type", "object"}};
  if (!doc.empty()) s["description"] = doc;
  s["properties"] = properties_;
  if (!required_.empty()) {
    json::array names;
    for (const auto& r : required_) names.emplace_back(r);
    s["required"] = std::move(names);
  }
  s["additionalProperties"] = false;
  return s;
}

void schema_object::apply(json::object& s, const bounds& b) {
  auto number = [](double v) -> json::value {
    if (v == std::floor(v)) return static_cast<std::int64_t>(v);
    return v;
  };
  if (!std::isinf(b.lo)) s["minimum"] = number(b.lo);
  if (!std::isinf(b.hi)) s["maximum"] = number(b.hi);
}

void schema_object::apply(json::object& s, positive_t) {
  if (s["type"] == "integer" || s["type"] == "number") s["exclusiveMinimum"] = 0;
}

void schema_object::apply(json::object& s, host_port_t) { s["pattern"] = "^(.+:[0-9]{1,5})?$"; }
void schema_object::apply(json::object& s, url_t) { s["pattern"] = "^(https?://.+)?$"; }

void schema_object::apply(json::object& s, backend_ref_t) {
  std::string text = s.contains("description") ? std::string(s["description"].as_string()) : std::string();
  s["description"] = text + (text.empty() ? "" : " ") + "(names a backend)";
}

}  // namespace portico::core::detail
