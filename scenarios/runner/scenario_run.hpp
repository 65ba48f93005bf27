#pragma once
// `portico run`: a scenario file -> a results model. For each variant (or "baseline"): load the
// scenario with the variant's overrides and the command line's --set, bring up the system under
// test in this process, run warm-up and measure under the seeded load while timed events fire,
// collect the load generator's results and every component's own counters, evaluate the
// thresholds, then (if the scenario asks) search the capacity knee. Every variant gets the same
// seed, so they see the same request sequence, backend latencies and faults.
#include "core/config/source_location.hpp"
#include "core/results/results.hpp"

#include <functional>
#include <iosfwd>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <vector>

namespace portico::runner {

struct run_options {
  std::vector<std::string> overrides;  // --set path=value, applied after each variant's own
  std::string variant;                 // non-empty: run only this variant
  bool live_progress = false;          // rewrite one status line (a terminal)
  std::ostream* log = nullptr;         // start-up lines, events, periodic progress; nullptr = quiet
  std::stop_token stop;                // SIGINT: finish the current phase early, keep what ran
  bool processes = false;              // run mocks and gateway as `portico mock`/`gateway` children
  std::string executable;              // the portico binary, for processes
};

// Bad input: the scenario (or a variant's overrides) does not load, or --variant names nothing.
class scenario_error : public std::runtime_error {
 public:
  scenario_error(std::string what, std::vector<core::config_error> errors)
      : std::runtime_error(std::move(what)), errors_(std::move(errors)) {}
  const std::vector<core::config_error>& errors() const noexcept { return errors_; }

 private:
  std::vector<core::config_error> errors_;
};

// Throws scenario_error for bad input and std::runtime_error when the system under test cannot
// start (a port in use, ...).
core::run_result run_scenario(const std::string& file, const run_options& options);

}  // namespace portico::runner
