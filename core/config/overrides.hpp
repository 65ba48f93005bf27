#pragma once
// Internal to core/config: "path.to.field=value" overrides (--set, variants) applied on the YAML
// tree before conversion. Paths: keys joined by '.', sequence items by [N]:
//   load.connections=64    gateway.listeners[0].routes[0].rate_limit.algorithm=fixed_window
// Missing mappings on the way are created; a missing sequence item is an error.
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>

namespace portico::core::detail {

struct parsed_override {
  std::string path;   // normalised, as the loader prints field paths
  std::string value;  // YAML text
};

// nullopt and *error set when `text` is not PATH=VALUE with a well-formed path.
std::optional<parsed_override> parse_override(std::string_view text, std::string* error);

// Sets the node at o.path to the YAML value; returns an error message, or empty on success.
std::string apply_override(YAML::Node& root, const parsed_override& o);

}  // namespace portico::core::detail
