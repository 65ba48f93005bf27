#pragma once
// Where a value came from in a scenario file, kept on model objects so that checks made after
// loading (by the gateway, runner, ...) can still point at the line a user must fix.
#include <string>

namespace portico::core {

struct source_location {
  std::string file;
  int line = 0;    // 1-based; 0 = unknown (object built in code, not from a file)
  int column = 0;  // 1-based
  bool operator==(const source_location&) const = default;
};

// "file:line:col: path: message" — the one error format every tool prints.
struct config_error {
  source_location where;
  std::string path;  // e.g. gateway.listeners[0].routes[2].backend
  std::string message;
  std::string to_string() const;
};

}  // namespace portico::core
