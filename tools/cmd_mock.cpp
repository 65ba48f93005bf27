// portico mock SCENARIO.yaml [--backend NAME ...] [--listen ADDR] [--threads N] [--admin ADDR]
//                            [--admin-token T] [--seed S] [--drain DURATION]
// Serves the scenario's mock backends until SIGINT/SIGTERM, then stops accepting, lets requests
// in flight finish within the drain deadline, and exits 0.
#include "core/net/endpoint.hpp"
#include "core/net/termination_signals.hpp"
#include "mock-backends/server/mock_server.hpp"
#include "tools/arguments.hpp"
#include "tools/command.hpp"

#include <boost/program_options.hpp>

#include <csignal>
#include <iostream>

namespace portico::tools {

namespace {

namespace po = boost::program_options;

int run_mock(const std::vector<std::string>& args) {
  po::options_description options(
      "usage: portico mock SCENARIO.yaml [--backend NAME] [--listen ADDR] [options]\n\n"
      "Serves the scenario's mock backends (each instance on its own port) and one admin listener.\n"
      "Prints `listening NAME#i ADDR:PORT` per instance and `listening admin ADDR:PORT` when ready.\n"
      "SIGINT/SIGTERM: stop accepting, finish requests in flight (up to --drain), exit 0.\n\n"
      "admin API (JSON): GET /admin/stats, GET /admin/endpoints,\n"
      "  POST /admin/backends/NAME[/instances/I]/{fail[?status=503|?mode=reset],recover,\n"
      "       slow?latency=50ms,unhealthy,healthy}\n\noptions");
  options.add_options()("help,h", "show this help")(
      "backend", po::value<std::vector<std::string>>()->composing(), "serve only this backend (repeatable)")(
      "listen", po::value<std::string>(),
      "override the backends' listen address: HOST, or HOST:PORT (consecutive ports per instance)")(
      "threads", po::value<int>(), "I/O threads (default: the scenario's mock.threads, else 1)")(
      "admin", po::value<std::string>(), "admin listener address (default 127.0.0.1:0); 'off' disables it")(
      "admin-token", po::value<std::string>(), "bearer token required by the admin API")(
      "seed", po::value<std::uint64_t>(), "RNG seed (default: the scenario's seed)")(
      "drain", po::value<std::string>()->default_value("5s"), "deadline for requests in flight at shutdown")(
      "set", po::value<std::vector<std::string>>()->composing(), "override a scenario field: path=value");
  po::variables_map vm;
  if (auto stop = parse_arguments("mock", args, options, {{"scenario", "SCENARIO.yaml"}}, vm)) return *stop;
  const auto drain = duration_option("mock", vm, "drain");
  if (!drain) return exit_bad_input;
  const auto loaded = load_scenario_argument(vm);
  if (!loaded) return exit_bad_input;
  const auto& scenario = *loaded;

  mock::server_options server_options;
  server_options.threads = vm.count("threads") ? vm["threads"].as<int>() : scenario.mock.threads;
  if (vm.count("seed")) server_options.seed = vm["seed"].as<std::uint64_t>();
  if (vm.count("backend")) server_options.backends = vm["backend"].as<std::vector<std::string>>();
  if (vm.count("listen")) server_options.listen = vm["listen"].as<std::string>();
  server_options.admin = vm.count("admin") ? vm["admin"].as<std::string>() : scenario.mock.admin;
  if (server_options.admin == "off") server_options.admin.clear();
  server_options.admin_token =
      vm.count("admin-token") ? vm["admin-token"].as<std::string>() : scenario.mock.admin_token;
  if (server_options.threads < 1) {
    std::cerr << "portico mock: --threads must be at least 1\n";
    return exit_bad_input;
  }

  std::signal(SIGPIPE, SIG_IGN);
  net::termination_signals signals;  // before serving: an early signal must not kill us
  std::unique_ptr<mock::mock_server> server;
  try {
    server = std::make_unique<mock::mock_server>(scenario, server_options);
  } catch (const std::exception& e) {
    std::cerr << "portico mock: " << e.what() << "\n";
    return exit_bad_input;
  }
  if (server->endpoints().empty()) {
    std::cerr << "portico mock: the scenario has no mock backend to serve\n";
    return exit_bad_input;
  }
  server->start();
  for (const auto& e : server->endpoints()) {
    std::cout << "listening " << e.name << " " << net::format_endpoint(e.endpoint) << "\n";
  }
  if (auto admin = server->admin_endpoint()) std::cout << "listening admin " << net::format_endpoint(*admin) << "\n";
  std::cout.flush();

  int number = signals.wait();
  std::cerr << "portico mock: signal " << number << ", draining\n";
  bool clean = server->stop(std::chrono::duration_cast<std::chrono::milliseconds>(*drain));
  if (!clean) std::cerr << "portico mock: drain deadline passed; remaining connections aborted\n";
  return exit_ok;
}

const command_registration reg{{"mock", "run the scenario's mock backends", &run_mock}};

}  // namespace

}  // namespace portico::tools
