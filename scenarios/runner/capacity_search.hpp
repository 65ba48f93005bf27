#pragma once
// Capacity search: the highest constant rate that meets an SLO. Doubles the rate from `start`
// until a trial fails (or `max` is reached), then bisects between the last passing and the first
// failing rate until they are within `precision` of each other. Pure: each trial is a callback
// (the runner drives real load; tests pass a model), so the search itself is tested without load.
#include "core/config/scenario_config.hpp"
#include "core/results/results.hpp"

#include <functional>

namespace portico::runner {

// Runs the load at `rate` requests/s and reports what happened, with `passed` set from the SLO.
using capacity_trial = std::function<core::capacity_point(double rate)>;

// Points are returned in the order tried; knee_rate is the highest passing rate (0 if none).
core::capacity_result search_capacity(const core::capacity_search_config& config, const capacity_trial& trial);

}  // namespace portico::runner
