#pragma once
// The argument handling every subcommand shares: named options (Boost program_options) plus
// required positionals (SCENARIO.yaml, URL, BASE.json NEW.json), `--help` to stdout with exit 0,
// usage errors to stderr with the help text and exit 2.
//
//   po::variables_map vm;
//   if (auto stop = parse_arguments("validate", args, options, {{"scenario", "SCENARIO.yaml"}}, vm)) return *stop;
#include "core/config/scenario_config.hpp"

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::tools {

struct positional_argument {
  std::string name;   // key in the variables_map (a std::string value)
  std::string label;  // for "missing SCENARIO.yaml"
};

// nullopt: go on with vm filled; otherwise the exit code to return now (help shown, or bad usage).
std::optional<int> parse_arguments(std::string_view command, const std::vector<std::string>& args,
                                   const boost::program_options::options_description& options,
                                   const std::vector<positional_argument>& positionals,
                                   boost::program_options::variables_map& vm);

// The repeatable --set values (empty if none were given).
std::vector<std::string> set_overrides(const boost::program_options::variables_map& vm);

// The scenario named by the "scenario" positional with the --set overrides applied; on errors
// they are printed (file:line:col: path: message) and nullopt is returned.
std::optional<core::scenario_config> load_scenario_argument(const boost::program_options::variables_map& vm);

// A duration option such as --drain 5s; nullopt (after a message naming the option) if unreadable.
std::optional<std::chrono::nanoseconds> duration_option(std::string_view command,
                                                        const boost::program_options::variables_map& vm,
                                                        const std::string& name);

}  // namespace portico::tools
