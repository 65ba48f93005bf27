#pragma once
// One variant of a scenario, end to end: bring up its system under test, run the load phases
// while the timed events fire, collect results and component counters, evaluate thresholds, and
// run the capacity search when the scenario declares one (on the same running system).
#include "core/config/scenario_config.hpp"
#include "core/results/results.hpp"
#include "scenarios/runner/scenario_run.hpp"
#include "scenarios/runner/system_under_test.hpp"

#include <map>
#include <optional>
#include <string>

namespace portico::runner {

struct variant_outcome {
  core::variant_result result;
  std::optional<core::capacity_result> capacity;
};

variant_outcome run_variant(const core::scenario_config& scenario, const core::variant_config& variant,
                            const launch_options& launch, const run_options& options);

}  // namespace portico::runner
