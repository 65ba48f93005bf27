#pragma once
// Inline YAML -> scenario for tests; a scenario that does not load throws with the loader's first
// error (file:line:col: path: message), so a typo in a test's YAML fails loudly where it is.
#include "core/config/loader.hpp"

#include <stdexcept>
#include <string>

namespace portico::testing {

inline core::scenario_config scenario_from_text(const std::string& yaml) {
  auto loaded = core::load_scenario_text(yaml);
  if (!loaded.ok()) throw std::runtime_error(loaded.errors.at(0).to_string());
  return *loaded.scenario;
}

}  // namespace portico::testing
