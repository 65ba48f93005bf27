#include "core/config/source_location.hpp"

#include "core/config/scenario_config.hpp"

namespace portico::core {

std::string config_error::to_string() const {
  std::string out = where.file.empty() ? "<scenario>" : where.file;
  if (where.line > 0) out += ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
  out += ": ";
  if (!path.empty()) out += path + ": ";
  return out + message;
}

const backend_config* scenario_config::find_backend(std::string_view wanted) const {
  for (const auto& backend : backends) {
    if (backend.name == wanted) return &backend;
  }
  return nullptr;
}

}  // namespace portico::core
