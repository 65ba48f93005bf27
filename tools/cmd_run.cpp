// portico run SCENARIO.yaml [--out DIR] [--set path=value ...] [--variant NAME] [--quiet]
// The main job: brings up the scenario's mock backends and gateway in this process, drives the
// load for every variant, prints a summary, writes results.json + report.html + summary.md +
// junit.xml, and exits 1 if a threshold failed. SIGINT/SIGTERM ends the current phase early and
// still writes what ran.
#include "core/config/loader.hpp"
#include "core/net/termination_signals.hpp"
#include "reports/formatter.hpp"
#include "reports/thresholds.hpp"
#include "scenarios/runner/output_files.hpp"
#include "scenarios/runner/scenario_run.hpp"
#include "tools/arguments.hpp"
#include "tools/command.hpp"

#include <boost/program_options.hpp>

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

namespace portico::tools {

namespace {

namespace po = boost::program_options;

// Turns SIGINT/SIGTERM into a stop request for the run, on a watcher thread.
class interrupt_watch {
 public:
  interrupt_watch() {
    thread_ = std::thread([this] {
      if (signals_.wait() != 0) {
        std::cerr << "\nportico run: interrupted; finishing the current phase and writing what ran\n";
        source_.request_stop();
      }
    });
  }
  ~interrupt_watch() {
    signals_.request();  // wakes the watcher with 0 if no signal came
    thread_.join();
  }
  std::stop_token token() const { return source_.get_token(); }
  bool interrupted() const { return source_.stop_requested(); }

 private:
  net::termination_signals signals_;
  std::stop_source source_;
  std::thread thread_;
};

int run_run(const std::vector<std::string>& args) {
  po::options_description options(
      "usage: portico run SCENARIO.yaml [--out DIR] [--set path=value ...] [--variant NAME] [--processes] [--quiet]\n\n"
      "Brings up the scenario's mock backends and gateway on loopback (in this process), drives the\n"
      "load through warm-up and measure for every variant (same seed each), applies timed events,\n"
      "then prints a summary and writes results.json, report.html, summary.md and junit.xml.\n"
      "Exit: 0 ok, 1 a threshold failed, 2 bad input (usage, scenario) or the system could not start.\n\noptions");
  options.add_options()("help,h", "show this help")(
      "out,o", po::value<std::string>(), "output directory (default results/<scenario>-<UTC time>)")(
      "set", po::value<std::vector<std::string>>()->composing(), "override a scenario field: path=value (repeatable)")(
      "variant", po::value<std::string>(), "run only this variant")(
      "processes", "run the mock backends and the gateway as child processes (portico mock / portico gateway)\n"
                   "instead of in this process; events go through the mock admin API")(
      "quiet,q", "no progress and no summary; only the report path (and errors)");
  po::variables_map vm;
  if (auto stop = parse_arguments("run", args, options, {{"scenario", "SCENARIO.yaml"}}, vm)) return *stop;
  const bool quiet = vm.count("quiet") > 0;
  runner::run_options run_options;
  run_options.overrides = set_overrides(vm);
  if (vm.count("variant")) run_options.variant = vm["variant"].as<std::string>();
  run_options.log = quiet ? nullptr : &std::cerr;
  run_options.live_progress = !quiet && ::isatty(STDERR_FILENO);
  run_options.processes = vm.count("processes") > 0;
  if (run_options.processes) {
    std::error_code ec;
    run_options.executable = std::filesystem::read_symlink("/proc/self/exe", ec).string();
    if (ec) {
      std::cerr << "portico run: --processes: cannot find my own executable: " << ec.message() << "\n";
      return exit_bad_input;
    }
  }

  std::signal(SIGPIPE, SIG_IGN);
  core::run_result run;
  {
    interrupt_watch interrupt;
    run_options.stop = interrupt.token();
    try {
      run = runner::run_scenario(vm["scenario"].as<std::string>(), run_options);
    } catch (const runner::scenario_error& e) {
      for (const auto& error : e.errors()) std::cerr << error.to_string() << "\n";
      std::cerr << "portico run: " << e.what() << "\n";
      return exit_bad_input;
    } catch (const std::exception& e) {
      std::cerr << "portico run: " << e.what() << "\n";
      return exit_bad_input;
    }
  }

  const auto directory = vm.count("out") ? vm["out"].as<std::string>() : runner::default_output_directory(run);
  runner::written_files files;
  try {
    files = runner::write_run_files(run, directory);
  } catch (const std::exception& e) {
    std::cerr << "portico run: " << e.what() << "\n";
    return exit_bad_input;
  }
  if (!quiet) std::cout << reports::make_formatter("text")->render(run);
  std::cout << "results: " << files.results_json << "\nreport: " << files.html << "\n";
  return reports::all_thresholds_passed(run) ? exit_ok : exit_failed_gate;
}

const command_registration reg{{"run", "run a scenario: backends, gateway, load, report", &run_run}};

}  // namespace

}  // namespace portico::tools
