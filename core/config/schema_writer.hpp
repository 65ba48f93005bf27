#pragma once
// Internal to core/config: the JSON Schema side of the field tables. `schema_object` is the
// visitor a `describe(V&, T&)` table is run with (on a default-constructed T, so that defaults
// come from the model structs themselves); `schema_of` overloads give one value's schema.
#include "core/config/field_types.hpp"
#include "core/config/units.hpp"

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace portico::core::detail {

namespace json = boost::json;

// First parameter of every schema_of / default_of overload, so that argument-dependent lookup
// finds them in this namespace whatever the value type (std::vector<int>, model structs, ...).
struct schema_tag {};

// Unit spellings, shared with the schema's patterns (the reader uses core/config/units.hpp).
extern const char* const duration_pattern;
extern const char* const rate_pattern;
extern const char* const size_pattern;
extern const char* const fraction_pattern;

json::object schema_of(schema_tag, const bool&);
json::object schema_of(schema_tag, const int&);
json::object schema_of(schema_tag, const std::int64_t&);
json::object schema_of(schema_tag, const std::uint64_t&);
json::object schema_of(schema_tag, const double&);
json::object schema_of(schema_tag, const std::string&);
json::object schema_of(schema_tag, const std::chrono::nanoseconds&);
json::object schema_of(schema_tag, const rate&);
json::object schema_of(schema_tag, const fraction_ref&);
json::object schema_of(schema_tag, const size_ref&);
json::object schema_of(schema_tag, const string_list_ref&);
json::object schema_of(schema_tag, const json_text_ref&);
json::object schema_of(schema_tag, const file_ref&);

// The default a field shows in the schema; nullopt when there is nothing worth stating.
std::optional<json::value> default_of(schema_tag, const bool& v);
std::optional<json::value> default_of(schema_tag, const int& v);
std::optional<json::value> default_of(schema_tag, const std::int64_t& v);
std::optional<json::value> default_of(schema_tag, const std::uint64_t& v);
std::optional<json::value> default_of(schema_tag, const double& v);
std::optional<json::value> default_of(schema_tag, const std::string& v);
std::optional<json::value> default_of(schema_tag, const std::chrono::nanoseconds& v);
std::optional<json::value> default_of(schema_tag, const rate& v);
std::optional<json::value> default_of(schema_tag, const fraction_ref& v);
std::optional<json::value> default_of(schema_tag, const size_ref& v);
template <class T> std::optional<json::value> default_of(schema_tag, const T&) { return std::nullopt; }

json::object one_of(std::initializer_list<json::object> alternatives, std::string_view doc = {});
std::string pretty_json(const json::value& v);

class schema_object;

template <class T>
concept schema_described = requires(schema_object& s, T& value) { describe(s, value); };

class schema_object {
 public:
  static constexpr bool reading = false;

  template <class T, class... C>
  void field(std::string_view key, T&& value, std::string_view doc, const C&... constraints) {
    json::object s = schema_of(schema_tag{}, value);
    if (!doc.empty()) s["description"] = doc;
    if (auto d = default_of(schema_tag{}, value)) s["default"] = *d;
    (apply(s, constraints), ...);
    properties_[key] = std::move(s);
  }
  template <class T, class... C>
  void required(std::string_view key, T&& value, std::string_view doc, const C&... constraints) {
    required_.emplace_back(key);
    field(key, std::forward<T>(value), doc, constraints...);
    properties_[key].as_object().erase("default");
  }
  void presence_flag(std::string_view key, bool& value, std::string_view doc) {
    bool on = true;
    field(key, on, doc);
    value = true;
  }
  void location(source_location&) const {}
  // Adds a property whose schema is written by hand (shorthand forms, key-selected variants).
  void add(std::string_view key, json::object schema) { properties_[key] = std::move(schema); }

  json::object finish(std::string_view doc = {}) const;

 private:
  static void apply(json::object& s, const bounds& b);
  static void apply(json::object& s, positive_t);
  static void apply(json::object& s, backend_ref_t);
  static void apply(json::object& s, host_port_t);
  static void apply(json::object& s, url_t);

  json::object properties_;
  std::vector<std::string> required_;
};

template <table_enum E>
json::object schema_of(schema_tag, const E&) {
  json::array names;
  for (const auto& [name, value] : enum_table<E>::values) names.emplace_back(name);
  return {{"type", "string"}, {"enum", std::move(names)}};
}
template <table_enum E>
std::optional<json::value> default_of(schema_tag, const E& v) {
  return json::value(enum_name(v));
}

template <class T>
json::object schema_of(schema_tag, const std::vector<T>&) {
  return {{"type", "array"}, {"items", schema_of(schema_tag{}, T{})}};
}
template <class T>
json::object schema_of(schema_tag, const std::map<std::string, T>&) {
  return {{"type", "object"}, {"additionalProperties", schema_of(schema_tag{}, T{})}};
}
template <class T>
json::object schema_of(schema_tag, const std::optional<T>&) {
  return schema_of(schema_tag{}, T{});
}
template <schema_described T>
json::object schema_of(schema_tag, const T&) {
  T defaults{};
  schema_object s;
  describe(s, defaults);
  return s.finish();
}

}  // namespace portico::core::detail
