#include "core/config/overrides.hpp"

#include <cctype>
#include <variant>
#include <vector>

namespace portico::core::detail {

namespace {

using step = std::variant<std::string, std::size_t>;  // mapping key or sequence index

std::optional<std::vector<step>> split_path(std::string_view path) {
  std::vector<step> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    std::string key;
    while (i < path.size() && path[i] != '.' && path[i] != '[') key += path[i++];
    if (key.empty() && (steps.empty() || path[i - 1] == '.')) return std::nullopt;
    if (!key.empty()) steps.emplace_back(key);
    while (i < path.size() && path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string_view::npos || close == i + 1 || close - i > 8) return std::nullopt;
      std::size_t index = 0;
      for (std::size_t k = i + 1; k < close; ++k) {
        if (!std::isdigit(static_cast<unsigned char>(path[k]))) return std::nullopt;
        index = index * 10 + static_cast<std::size_t>(path[k] - '0');
      }
      steps.emplace_back(index);
      i = close + 1;
    }
    if (i < path.size()) {
      if (path[i] != '.' || i + 1 == path.size()) return std::nullopt;
      ++i;
    }
  }
  if (steps.empty()) return std::nullopt;
  return steps;
}

}  // namespace

std::optional<parsed_override> parse_override(std::string_view text, std::string* error) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos) {
    *error = "expected PATH=VALUE";
    return std::nullopt;
  }
  const std::string_view path = text.substr(0, eq);
  if (!split_path(path)) {
    *error = "bad path '" + std::string(path) + "' (expected keys joined by '.', items as [N], e.g. gateway.listeners[0].name)";
    return std::nullopt;
  }
  return parsed_override{std::string(path), std::string(text.substr(eq + 1))};
}

std::string apply_override(YAML::Node& root, const parsed_override& o) {
  const auto steps = split_path(o.path);
  if (!steps) return "bad path '" + o.path + "'";
  YAML::Node value;
  try {
    value = o.value.empty() ? YAML::Node(std::string()) : YAML::Load(o.value);
  } catch (const YAML::Exception& e) {
    return "value is not valid YAML: " + e.msg;
  }
  YAML::Node cur = root;
  std::string walked;
  for (const auto& s : *steps) {
    if (const auto* key = std::get_if<std::string>(&s)) {
      if (!cur.IsDefined() || cur.IsNull()) cur = YAML::Node(YAML::NodeType::Map);
      if (!cur.IsMap()) return "'" + (walked.empty() ? std::string("<root>") : walked) + "' is not a mapping";
      YAML::Node next = cur[*key];
      cur.reset(next);
      walked += (walked.empty() ? "" : ".") + *key;
    } else {
      const std::size_t index = std::get<std::size_t>(s);
      if (!cur.IsSequence()) return "'" + walked + "' is not a sequence";
      if (index >= cur.size()) {
        return "index " + std::to_string(index) + " is out of range: '" + walked + "' has " + std::to_string(cur.size()) + " item(s)";
      }
      YAML::Node next = cur[index];
      cur.reset(next);
      walked += "[" + std::to_string(index) + "]";
    }
  }
  cur = value;
  return {};
}

}  // namespace portico::core::detail
