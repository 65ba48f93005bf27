#pragma once
// Reads a scenario file (YAML) into scenario_config. The only place in Portico that sees YAML.
// All errors are collected, not just the first, each as "file:line:col: path.to.field: message":
// unknown keys, wrong types, bad units, out-of-range values, dangling references.
// The format, its shorthands, overrides and variants: core/config/scenario_format.md.
// Thread-safety: the functions are pure (no shared state); call them from any thread.
#include "core/config/scenario_config.hpp"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace portico::core {

struct load_result {
  std::optional<scenario_config> scenario;  // set iff errors is empty
  std::vector<config_error> errors;
  bool ok() const { return errors.empty(); }
};

// overrides: "path.to.field=value" applied on the YAML tree before conversion (variants, --set).
load_result load_scenario_file(const std::string& path, const std::vector<std::string>& overrides = {});
load_result load_scenario_text(std::string_view yaml, const std::string& file_name = "<inline>",
                               const std::vector<std::string>& overrides = {});

// The JSON Schema (draft 2020-12) of the scenario format, generated from the same field tables
// the loader uses, so the two cannot drift apart.
std::string scenario_json_schema();

}  // namespace portico::core
