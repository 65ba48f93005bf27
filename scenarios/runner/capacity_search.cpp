#include "scenarios/runner/capacity_search.hpp"

#include <algorithm>
#include <cmath>

namespace portico::runner {

core::capacity_result search_capacity(const core::capacity_search_config& config, const capacity_trial& trial) {
  core::capacity_result result;
  for (const auto& slo : config.slo) result.slo.push_back(slo.text);

  auto run = [&](double rate) {
    result.points.push_back(trial(rate));
    return result.points.back().passed;
  };

  const double start = std::max(config.start.per_second, 1.0);
  const double max = std::max(config.max.per_second, start);
  double passing = 0;  // highest rate known to pass
  double failing = 0;  // lowest rate known to fail (0 = none yet)

  // Ramp: double until the first failure or the ceiling.
  for (double rate = start;; rate = std::min(rate * 2, max)) {
    if (!run(rate)) {
      failing = rate;
      break;
    }
    passing = rate;
    if (rate >= max) break;
  }

  // Bisect between the last pass and the first fail. Rates are rounded to whole requests/s so
  // that the reported knee is a rate a user can type into a scenario.
  const double precision = std::max(config.precision, 0.001);
  while (failing > 0 && passing > 0 && failing / passing - 1 > precision) {
    double middle = std::round((passing + failing) / 2);
    if (middle <= passing || middle >= failing) break;
    if (run(middle)) {
      passing = middle;
    } else {
      failing = middle;
    }
  }
  result.knee_rate = passing;
  return result;
}

}  // namespace portico::runner
