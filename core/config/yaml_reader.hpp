#pragma once
// Internal to core/config: the YAML side of the field tables. `read_value` overloads convert one
// node into one C++ value (object_reader.hpp reads a mapping through a field table). Every
// problem becomes a config_error with the node's position; reading never stops at the first.
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
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, file_ref out);

bool expect_map(read_context& ctx, const YAML::Node& n, const std::string& path);
bool expect_sequence(read_context& ctx, const YAML::Node& n, const std::string& path);

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

}  // namespace portico::core::detail
