#pragma once
// The `portico` CLI is a table of subcommands; each lives in its own tools/cmd_*.cpp and registers
// itself with a static `command_registration`. A command parses its own arguments (Boost
// program_options), prints its own --help, and returns the process exit code:
// 0 ok, 1 thresholds / regression gate failed, 2 bad input (usage, scenario, file).
#include <string>
#include <string_view>
#include <vector>

namespace portico::tools {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failed_gate = 1;
inline constexpr int exit_bad_input = 2;

struct command {
  std::string_view name;
  std::string_view summary;  // one line for `portico --help`
  int (*run)(const std::vector<std::string>& args);  // args exclude "portico" and the name
};

const std::vector<command>& commands();

struct command_registration {
  explicit command_registration(command c);
};

}  // namespace portico::tools
