// portico gateway SCENARIO.yaml [--listen ADDR] [--admin ADDR] [--threads N]
//                               [--backend NAME=HOST:PORT[,HOST:PORT...]]... [--set path=value] [--drain D]
// Serves the scenario's gateway until SIGINT/SIGTERM, then stops accepting, lets requests in
// flight finish within the drain deadline, and exits 0.
#include "core/config/loader.hpp"
#include "core/config/units.hpp"
#include "core/net/endpoint.hpp"
#include "core/net/termination_signals.hpp"
#include "gateway/server/gateway_server.hpp"
#include "tools/command.hpp"

#include <boost/program_options.hpp>

#include <csignal>
#include <iostream>

namespace portico::tools {

namespace {

namespace po = boost::program_options;

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    auto item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

int run_gateway(const std::vector<std::string>& args) {
  po::options_description options(
      "usage: portico gateway SCENARIO.yaml [--listen ADDR] [--threads N] [--backend NAME=ADDR,...] [options]\n\n"
      "Serves the scenario's gateway (HTTP/1.1 reverse proxy). Prints `listening NAME ADDR:PORT` per\n"
      "listener when ready. Backends with `address:` in the scenario use it; mock backends need their\n"
      "instance addresses given with --backend (e.g. from `portico mock`'s listening lines).\n"
      "SIGINT/SIGTERM: stop accepting, finish requests in flight (up to --drain), exit 0.\n\noptions");
  options.add_options()("help,h", "show this help")(
      "listen", po::value<std::string>(), "override the first listener's address (HOST:PORT, port 0 = any)")(
      "admin", po::value<std::string>(), "admin listener address (accepted; served when the admin API is built in)")(
      "threads", po::value<int>(), "proxy threads, one io_context each (default: the scenario's gateway.threads)")(
      "backend", po::value<std::vector<std::string>>()->composing(),
      "NAME=HOST:PORT[,HOST:PORT...]: instance addresses of a backend (repeatable)")(
      "drain", po::value<std::string>()->default_value("5s"), "deadline for requests in flight at shutdown")(
      "set", po::value<std::vector<std::string>>()->composing(), "override a scenario field: path=value");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value<std::string>());
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "portico gateway: " << e.what() << "\n" << options;
    return exit_bad_input;
  }
  if (vm.count("help")) {
    std::cout << options;
    return exit_ok;
  }
  if (!vm.count("scenario")) {
    std::cerr << "portico gateway: missing SCENARIO.yaml\n" << options;
    return exit_bad_input;
  }
  const auto drain = core::parse_duration(vm["drain"].as<std::string>());
  if (!drain) {
    std::cerr << "portico gateway: --drain: expected a duration like 5s\n";
    return exit_bad_input;
  }
  const auto overrides = vm.count("set") ? vm["set"].as<std::vector<std::string>>() : std::vector<std::string>{};
  const auto loaded = core::load_scenario_file(vm["scenario"].as<std::string>(), overrides);
  if (!loaded.ok()) {
    for (const auto& e : loaded.errors) std::cerr << e.to_string() << "\n";
    return exit_bad_input;
  }
  const auto& scenario = *loaded.scenario;
  if (!scenario.gateway.enabled || scenario.gateway.listeners.empty()) {
    std::cerr << "portico gateway: the scenario has no gateway section with a listener\n";
    return exit_bad_input;
  }

  gateway::backend_endpoints backends;
  gateway::gateway_options gw_options;
  for (const auto& b : scenario.backends) {
    if (!b.address.empty()) backends[b.name] = split_list(b.address);
    if (!b.weights.empty())
      gw_options.weights[b.name] = std::vector<std::uint32_t>(b.weights.begin(), b.weights.end());
  }
  if (vm.count("backend")) {
    for (const auto& spec : vm["backend"].as<std::vector<std::string>>()) {
      const auto eq = spec.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::cerr << "portico gateway: --backend: expected NAME=HOST:PORT[,HOST:PORT...], got '" << spec << "'\n";
        return exit_bad_input;
      }
      backends[spec.substr(0, eq)] = split_list(spec.substr(eq + 1));
    }
  }
  gw_options.threads = vm.count("threads") ? vm["threads"].as<int>() : scenario.gateway.threads;
  if (gw_options.threads < 1) {
    std::cerr << "portico gateway: --threads must be at least 1\n";
    return exit_bad_input;
  }
  if (vm.count("listen")) gw_options.listen = vm["listen"].as<std::string>();
  gw_options.seed = scenario.seed;

  std::signal(SIGPIPE, SIG_IGN);
  net::termination_signals signals;  // before serving: an early signal must not kill us
  std::unique_ptr<gateway::gateway_server> server;
  try {
    server = std::make_unique<gateway::gateway_server>(scenario.gateway, backends, gw_options);
  } catch (const std::exception& e) {
    std::cerr << "portico gateway: " << e.what() << "\n";
    return exit_bad_input;
  }
  server->start();
  for (const auto& l : server->endpoints()) std::cout << "listening " << l.name << " " << net::format_endpoint(l.endpoint) << "\n";
  std::cout.flush();

  const int number = signals.wait();
  std::cerr << "portico gateway: signal " << number << ", draining\n";
  if (!server->stop(std::chrono::duration_cast<std::chrono::milliseconds>(*drain)))
    std::cerr << "portico gateway: drain deadline passed; remaining connections aborted\n";
  return exit_ok;
}

const command_registration reg{{"gateway", "run the scenario's gateway (reverse proxy)", &run_gateway}};

}  // namespace

}  // namespace portico::tools
