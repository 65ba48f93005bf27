#pragma once
// Internal to core/config: the YAML side of the field tables. `object_reader` is the visitor a
// `describe(V&, T&)` table is run with to read one mapping into a struct; `read_value` overloads
// convert one node into one C++ value. Every problem becomes a config_error with the node's
// position; reading never stops at the first error.
#include "core/config/field_types.hpp"
#include "core/config/units.hpp"

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace portico::core::detail {

// State shared by one conversion of one YAML tree.
struct read_context {
  std::string file;
  std::vector<config_error> errors;
  std::set<std::string, std::less<>> backend_names;   // for backend_ref checks
  std::map<std::string, int, std::less<>> backend_instances;
  std::vector<std::pair<std::string, std::string>> overrides;  // (path, "path=value") applied
  std::size_t budget = 200000;  // node visits; bounds work on alias bombs (&a [*b, *b, ...])

  void error(const YAML::Node& at, const std::string& path, std::string message);
  source_location where(const YAML::Node& at) const;
  bool spend(const YAML::Node& at, const std::string& path);  // false once the budget is gone
};

// n[key] when n is a mapping, else an undefined node (never throws, unlike YAML::Node::operator[]).
YAML::Node child(const YAML::Node& n, std::string_view key);
std::string show(const YAML::Node& node);  // "'text'", "a mapping", "a sequence", "nothing"
bool is_plain(const YAML::Node& node);     // an unquoted scalar (may be a number / bool)

// Non-template conversions. Each returns false (after reporting) when the node is unusable.
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, bool& out);
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, int& out);
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, std::int64_t& out);
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, std::uint64_t& out);
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, double& out);
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, std::string& out);
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, std::chrono::nanoseconds& out);
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, rate& out);
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, fraction_ref out);
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, size_ref out);
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, string_list_ref out);
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, json_text_ref out);

bool expect_map(read_context& ctx, const YAML::Node& n, const std::string& path);
bool expect_sequence(read_context& ctx, const YAML::Node& n, const std::string& path);

class object_reader;

template <class T>
concept described = requires(object_reader& r, T& value) { describe(r, value); };

// Reads one mapping through a field table; finish() reports keys the table did not name.
class object_reader {
 public:
  static constexpr bool reading = true;

  object_reader(read_context& ctx, const YAML::Node& node, std::string path)
      : ctx_(ctx), node_(node), path_(std::move(path)) {}

  template <class T, class... C>
  void field(std::string_view key, T&& value, std::string_view /*doc*/, const C&... constraints) {
    known_.emplace_back(key);
    const YAML::Node child = find(key);
    if (!child) return;
    const std::string path = child_path(key);
    if (read_value(ctx_, child, path, value)) (check(child, path, value, constraints), ...);
  }
  template <class T, class... C>
  void required(std::string_view key, T&& value, std::string_view doc, const C&... constraints) {
    if (!find(key)) ctx_.error(node_, path_, "missing required field '" + std::string(key) + "'");
    field(key, std::forward<T>(value), doc, constraints...);
  }
  // A section's `enabled` flag: a present section is on unless it says `enabled: false`.
  void presence_flag(std::string_view key, bool& value, std::string_view doc) {
    value = true;
    field(key, value, doc);
  }
  void location(source_location& where) const { where = ctx_.where(node_); }
  void skip(std::string_view key) { known_.emplace_back(key); }  // allowed, read by the caller

  YAML::Node find(std::string_view key) const;  // invalid/undefined node when absent
  bool has(std::string_view key) const { return static_cast<bool>(find(key)); }
  std::string child_path(std::string_view key) const { return path_.empty() ? std::string(key) : path_ + "." + std::string(key); }
  const std::string& path() const { return path_; }
  const YAML::Node& node() const { return node_; }
  read_context& context() const { return ctx_; }
  void finish();  // unknown keys (with a suggestion), duplicate keys

 private:
  template <class T>
  void check(const YAML::Node& n, const std::string& path, const T& value, const bounds& b) {
    const double v = as_number(value);
    if (v < b.lo || v > b.hi) ctx_.error(n, path, range_message(b, n));
  }
  template <class T>
  void check(const YAML::Node& n, const std::string& path, const T& value, positive_t) {
    if (as_number(value) <= 0) ctx_.error(n, path, "must be greater than zero (got " + show(n) + ")");
  }
  void check(const YAML::Node& n, const std::string& path, const std::string& value, backend_ref_t);

  template <class T> static double as_number(const T& v) { return static_cast<double>(v); }
  static double as_number(const std::chrono::nanoseconds& v) { return static_cast<double>(v.count()); }
  static double as_number(const rate& v) { return v.per_second; }
  static double as_number(const fraction_ref& v) { return v.value; }
  static double as_number(const size_ref& v) { return static_cast<double>(v.value); }
  static std::string range_message(const bounds& b, const YAML::Node& n);

  read_context& ctx_;
  YAML::Node node_;
  std::string path_;
  std::vector<std::string> known_;
};

template <table_enum E>
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, E& out) {
  std::string text;
  if (!read_value(ctx, n, path, text)) return false;
  std::string allowed;
  std::vector<std::string_view> names;
  for (const auto& [name, value] : enum_table<E>::values) {
    if (name == text) {
      out = value;
      return true;
    }
    allowed += (allowed.empty() ? "" : ", ") + std::string(name);
    names.push_back(name);
  }
  std::string message = "unknown value '" + text + "'";
  if (auto hint = closest(text, names); !hint.empty()) message += " (did you mean '" + std::string(hint) + "'?)";
  ctx.error(n, path, message + "; allowed: " + allowed);
  return false;
}

template <class T>
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, std::vector<T>& out) {
  if (!expect_sequence(ctx, n, path)) return false;
  out.clear();
  for (std::size_t i = 0; i < n.size(); ++i) {
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    if (!ctx.spend(n, item_path)) return false;
    T item{};
    read_value(ctx, n[i], item_path, item);
    out.push_back(std::move(item));  // even when broken, so that indexes match the YAML
  }
  return true;
}

template <class T>
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, std::map<std::string, T>& out) {
  if (!expect_map(ctx, n, path)) return false;
  for (auto it = n.begin(); it != n.end(); ++it) {
    std::string key;
    if (!read_value(ctx, it->first, path, key)) continue;
    if (!ctx.spend(it->first, path)) return false;
    T value{};
    if (read_value(ctx, it->second, path + "." + key, value)) out[key] = std::move(value);
  }
  return true;
}

template <class T>
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, std::optional<T>& out) {
  out.emplace();
  return read_value(ctx, n, path, *out);
}

// Reads a mapping through T's field table. Custom read_value overloads call it and then add
// what a table cannot say (shorthand forms, cross-field rules).
template <described T>
bool read_object(read_context& ctx, const YAML::Node& n, const std::string& path, T& out) {
  if (n.IsNull()) return true;  // "section:" with nothing under it keeps the defaults
  if (!expect_map(ctx, n, path)) return false;
  object_reader r(ctx, n, path);
  describe(r, out);
  r.finish();
  return true;
}

template <described T>
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, T& out) {
  return read_object(ctx, n, path, out);
}

}  // namespace portico::core::detail
