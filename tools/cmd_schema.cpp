// portico schema: print the scenario JSON Schema (draft 2020-12), generated from the loader's
// own field tables. Editors use it for completion; scripts/check-schema tests it on scenarios/.
#include "core/config/loader.hpp"
#include "tools/command.hpp"

#include <iostream>

namespace portico::tools {

namespace {

int run_schema(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << "usage: portico schema\n\nPrints the JSON Schema (draft 2020-12) of the scenario format on stdout.\n";
    return exit_ok;
  }
  if (!args.empty()) {
    std::cerr << "portico schema: unexpected argument '" << args[0] << "' (see portico schema --help)\n";
    return exit_bad_input;
  }
  std::cout << core::scenario_json_schema() << std::flush;
  return exit_ok;
}

const command_registration reg{{"schema", "print the scenario JSON Schema", &run_schema}};

}  // namespace

}  // namespace portico::tools
