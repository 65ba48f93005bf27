// portico gateway SCENARIO.yaml [--listen ADDR] [--admin ADDR] [--threads N]
//                               [--backend NAME=HOST:PORT[,HOST:PORT...]]... [--set path=value] [--drain D]
// Serves the scenario's gateway until SIGINT/SIGTERM, then stops accepting, lets requests in
// flight finish within the drain deadline, and exits 0. SIGHUP (or the admin listener's POST
// /reload) re-reads SCENARIO.yaml with the same --set/--backend and swaps in its routes and
// backends (POST /reload {"file": F}: scenario F's gateway section instead); a scenario with errors
// is reported on stderr and the running config stays.
#include "core/config/loader.hpp"
#include "core/net/endpoint.hpp"
#include "core/net/hangup_signal.hpp"
#include "core/net/termination_signals.hpp"
#include "core/util/split.hpp"
#include "gateway/server/gateway_server.hpp"
#include "tools/arguments.hpp"
#include "tools/command.hpp"

#include <boost/program_options.hpp>

#include <csignal>
#include <filesystem>
#include <iostream>

namespace portico::tools {

namespace {

namespace po = boost::program_options;

// Instance addresses: the scenario's `address:` backends, then --backend NAME=HOST:PORT,... flags.
bool backend_addresses(const core::scenario_config& scenario, const std::vector<std::string>& flags, gateway::backend_endpoints& out) {
  for (const auto& b : scenario.backends)
    if (!b.address.empty()) out[b.name] = core::split_list(b.address);
  for (const auto& spec : flags) {
    const auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "portico gateway: --backend: expected NAME=HOST:PORT[,HOST:PORT...], got '" << spec << "'\n";
      return false;
    }
    out[spec.substr(0, eq)] = core::split_list(spec.substr(eq + 1));
  }
  return true;
}

int run_gateway(const std::vector<std::string>& args) {
  po::options_description options(
      "usage: portico gateway SCENARIO.yaml [--listen ADDR] [--threads N] [--backend NAME=ADDR,...] [options]\n\n"
      "Serves the scenario's gateway (HTTP/1.1 reverse proxy). Prints `listening NAME ADDR:PORT` per\n"
      "listener when ready (and `listening admin ADDR:PORT`). Backends with `address:` in the scenario use it; mock backends need their\n"
      "instance addresses given with --backend (e.g. from `portico mock`'s listening lines).\n"
      "SIGHUP or POST /reload on the admin listener: re-read the scenario, swap routes and backends.\n"
      "SIGINT/SIGTERM: stop accepting, finish requests in flight (up to --drain), exit 0.\n\noptions");
  options.add_options()("help,h", "show this help")(
      "listen", po::value<std::string>(), "override the first listener's address (HOST:PORT, port 0 = any)")(
      "admin", po::value<std::string>(), "admin listener address (default: the scenario's gateway.admin; \"\" = none)")(
      "threads", po::value<int>(), "proxy threads, one io_context each (default: the scenario's gateway.threads)")(
      "backend", po::value<std::vector<std::string>>()->composing(),
      "NAME=HOST:PORT[,HOST:PORT...]: instance addresses of a backend (repeatable)")(
      "drain", po::value<std::string>()->default_value("5s"), "deadline for requests in flight at shutdown")(
      "set", po::value<std::vector<std::string>>()->composing(), "override a scenario field: path=value");
  po::variables_map vm;
  if (auto stop = parse_arguments("gateway", args, options, {{"scenario", "SCENARIO.yaml"}}, vm)) return *stop;
  const auto drain = duration_option("gateway", vm, "drain");
  if (!drain) return exit_bad_input;
  const auto overrides = set_overrides(vm);
  const auto loaded = load_scenario_argument(vm);
  if (!loaded) return exit_bad_input;
  const auto& scenario = *loaded;
  if (!scenario.gateway.enabled || scenario.gateway.listeners.empty()) {
    std::cerr << "portico gateway: the scenario has no gateway section with a listener\n";
    return exit_bad_input;
  }

  const std::vector<std::string> backend_flags = vm.count("backend") ? vm["backend"].as<std::vector<std::string>>() : std::vector<std::string>{};
  gateway::backend_endpoints backends;
  gateway::gateway_options gw_options;
  if (!backend_addresses(scenario, backend_flags, backends)) return exit_bad_input;
  for (const auto& b : scenario.backends) {
    if (!b.weights.empty())
      gw_options.weights[b.name] = std::vector<std::uint32_t>(b.weights.begin(), b.weights.end());
  }
  gw_options.threads = vm.count("threads") ? vm["threads"].as<int>() : scenario.gateway.threads;
  if (gw_options.threads < 1) {
    std::cerr << "portico gateway: --threads must be at least 1\n";
    return exit_bad_input;
  }
  if (vm.count("listen")) gw_options.listen = vm["listen"].as<std::string>();
  if (vm.count("admin")) gw_options.admin = vm["admin"].as<std::string>();
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
  const std::string path = vm["scenario"].as<std::string>();
  // POST /reload {"file": ...} names another scenario (a scenario's reload event under
  // `portico run --processes`): loaded as the in-process runner loads it, relative to this
  // scenario's directory and without the --set overrides, which were written for this one.
  server->set_reload_source([path, overrides, backend_flags](const std::string& file) -> gateway::reload_source_result {
    gateway::reload_source_result out;
    std::filesystem::path other(file);
    if (!file.empty() && other.is_relative()) other = std::filesystem::path(path).parent_path() / other;
    const auto again = file.empty() ? core::load_scenario_file(path, overrides) : core::load_scenario_file(other.string());
    if (!again.ok()) {
      for (const auto& e : again.errors) out.errors.push_back(e.to_string());
      return out;
    }
    if (!backend_addresses(*again.scenario, backend_flags, out.backends)) {
      out.errors.push_back(path + ": --backend: bad value");
      return out;
    }
    out.config = again.scenario->gateway;
    return out;
  });
  // Before start(): from now on a SIGHUP reloads instead of killing the process.
  net::hangup_signal hangup([&server] {
    const auto r = server->reload_from_source();
    if (r.ok) std::cerr << "portico gateway: reloaded, generation " << r.generation << "\n";
    for (const auto& n : r.notes) std::cerr << "portico gateway: " << n << "\n";
    for (const auto& e : r.errors) std::cerr << e << "\n";
    if (!r.ok) std::cerr << "portico gateway: reload rejected; still serving generation " << r.generation << "\n";
  });
  server->start();
  for (const auto& l : server->endpoints()) std::cout << "listening " << l.name << " " << net::format_endpoint(l.endpoint) << "\n";
  if (auto admin = server->admin_endpoint()) std::cout << "listening admin " << net::format_endpoint(*admin) << "\n";
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
