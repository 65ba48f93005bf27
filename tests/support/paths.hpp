#pragma once
// Locations tests need: the source tree (scenarios/, fixtures) and the built `portico` binary.
#include <cstdlib>
#include <string>

namespace portico::testing {

inline std::string source_path(const std::string& relative) { return std::string(PORTICO_SOURCE_DIR) + "/" + relative; }

inline std::string portico_binary() {
  const char* from_env = std::getenv("PORTICO_BIN");
  return from_env ? from_env : std::string(PORTICO_BINARY_DIR) + "/tools/portico";
}

}  // namespace portico::testing
