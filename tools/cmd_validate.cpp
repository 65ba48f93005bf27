// portico validate SCENARIO.yaml [--set path=value ...]: load and check a scenario (and each of
// its variants) without running anything. Exit 0 with a one-line summary, or 2 with every error.
#include "core/config/loader.hpp"
#include "tools/arguments.hpp"
#include "tools/command.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace portico::tools {

namespace {

namespace po = boost::program_options;

std::size_t count_routes(const core::scenario_config& s) {
  std::size_t n = 0;
  for (const auto& listener : s.gateway.listeners) n += listener.routes.size();
  return n;
}

int run_validate(const std::vector<std::string>& args) {
  po::options_description options("usage: portico validate SCENARIO.yaml [--set path=value ...]\n\n"
                                   "Checks a scenario file and each of its variants; prints every error as\n"
                                   "file:line:col: path.to.field: message. Exit 0 valid, 2 invalid.\n\noptions");
  options.add_options()("help,h", "show this help")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a field, e.g. --set load.connections=64 --set gateway.listeners[0].routes[0].lb=p2c");
  po::variables_map vm;
  if (auto stop = parse_arguments("validate", args, options, {{"scenario", "SCENARIO.yaml"}}, vm)) return *stop;
  const auto overrides = set_overrides(vm);
  const auto result = core::load_scenario_file(vm["scenario"].as<std::string>(), overrides);
  if (!result.ok()) {
    for (const auto& e : result.errors) std::cerr << e.to_string() << "\n";
    std::cerr << result.errors.size() << " error(s)\n";
    return exit_bad_input;
  }
  const auto& s = *result.scenario;
  std::cout << s.file << ": ok: scenario '" << s.name << "', " << s.backends.size() << " backend(s), "
            << count_routes(s) << " route(s), " << s.variants.size() << " variant(s), " << s.thresholds.size()
            << " threshold(s)\n";
  return exit_ok;
}

const command_registration reg{{"validate", "check a scenario file (exit 2 with file:line:col errors)", &run_validate}};

}  // namespace

}  // namespace portico::tools
