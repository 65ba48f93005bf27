// portico: thin entry point; every subcommand lives in tools/cmd_*.cpp.
#include "tools/command.hpp"

#include <algorithm>
#include <iostream>

namespace portico::tools {

namespace {
std::vector<command>& registry() {
  static std::vector<command> all;
  return all;
}
}  // namespace

const std::vector<command>& commands() { return registry(); }

command_registration::command_registration(command c) { registry().push_back(c); }

}  // namespace portico::tools

namespace {

void print_usage(std::ostream& out) {
  out << "usage: portico COMMAND [ARGS...]\n"
         "       portico COMMAND --help\n"
         "       portico --version\n\n"
         "Gateway benchmarking and teaching toolkit: mock backends, a reference gateway and an\n"
         "honest load generator, driven by one scenario file.\n\ncommands:\n";
  auto sorted = portico::tools::commands();
  std::sort(sorted.begin(), sorted.end(), [](auto& a, auto& b) { return a.name < b.name; });
  for (const auto& c : sorted) {
    out << "  " << c.name << std::string(12 - std::min<std::size_t>(c.name.size(), 11), ' ') << c.summary << "\n";
  }
  out << "\nexit codes: 0 ok, 1 a threshold or regression gate failed, 2 bad input\n";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace portico::tools;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_usage(std::cerr);
    return exit_bad_input;
  }
  const std::string& name = args.front();
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(std::cout);
    return exit_ok;
  }
  if (name == "--version" || name == "version") {
    std::cout << "portico " << PORTICO_VERSION << "\n";
    return exit_ok;
  }
  for (const auto& c : commands()) {
    if (c.name == name) return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  std::cerr << "portico: unknown command '" << name << "' (see portico --help)\n";
  return exit_bad_input;
}
