#include "tools/arguments.hpp"

#include "core/config/loader.hpp"
#include "core/config/units.hpp"
#include "tools/command.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace portico::tools {

namespace po = boost::program_options;

std::optional<int> parse_arguments(std::string_view command, const std::vector<std::string>& args,
                                   const po::options_description& options,
                                   const std::vector<positional_argument>& positionals, po::variables_map& vm) {
  po::options_description hidden;
  po::positional_options_description positional;
  for (const auto& p : positionals) {
    hidden.add_options()(p.name.c_str(), po::value<std::string>());
    positional.add(p.name.c_str(), 1);
  }
  po::options_description all;
  all.add(options).add(hidden);
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "portico " << command << ": " << e.what() << "\n" << options;
    return exit_bad_input;
  }
  if (vm.count("help")) {
    std::cout << options;
    return exit_ok;
  }
  for (const auto& p : positionals) {
    if (!vm.count(p.name)) {
      std::cerr << "portico " << command << ": missing " << p.label << "\n" << options;
      return exit_bad_input;
    }
  }
  return std::nullopt;
}

std::vector<std::string> set_overrides(const po::variables_map& vm) {
  return vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
}

std::optional<core::scenario_config> load_scenario_argument(const po::variables_map& vm) {
  auto loaded = core::load_scenario_file(vm["scenario"].as<std::string>(), set_overrides(vm));
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) std::cerr << e.to_string() << "\n";
    return std::nullopt;
  }
  return std::move(loaded.scenario);
}

std::optional<std::chrono::nanoseconds> duration_option(std::string_view command, const po::variables_map& vm,
                                                        const std::string& name) {
  const auto& text = vm[name].as<std::string>();
  auto value = core::parse_duration(text);
  if (!value) std::cerr << "portico " << command << ": --" << name << ": expected a duration like 5s, got '" << text << "'\n";
  return value;
}

}  // namespace portico::tools
