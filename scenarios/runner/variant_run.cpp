#include "scenarios/runner/variant_run.hpp"

#include "core/time/clock.hpp"
#include "loadgen/driver.hpp"
#include "reports/metrics.hpp"
#include "reports/thresholds.hpp"
#include "scenarios/runner/capacity_search.hpp"
#include "scenarios/runner/event_timeline.hpp"
#include "scenarios/runner/progress_printer.hpp"
#include "scenarios/runner/system_under_test.hpp"

#include <algorithm>
#include <ostream>
#include <sstream>

namespace portico::runner {

namespace {

std::int64_t percentile_ns(const core::latency_summary& s, double percentile) {
  for (const auto& p : s.percentiles)
    if (p.percentile == percentile) return p.value_ns;
  return s.max_ns;
}

std::string rate_text(double rate) {
  std::ostringstream o;
  o << static_cast<long long>(rate + 0.5) << "/s";
  return o.str();
}

// One capacity trial: the scenario's requests at a constant rate for `step`, no warm-up (the
// system is already warm from the main phases), judged against the SLO.
core::capacity_point run_capacity_trial(const core::scenario_config& scenario, const std::string& target, double rate,
                                    const run_options& options, const std::string& label) {
  auto load = scenario.load;
  load.target = target;
  load.type = core::load_config::model::open;
  load.max_requests = 0;
  core::schedule_stage stage;
  stage.type = core::schedule_stage::kind::constant;
  stage.target = core::rate{rate};
  stage.length = scenario.capacity_search.step;
  load.schedule = {stage};
  core::phases_config phases;
  phases.warmup = std::chrono::nanoseconds{0};
  phases.measure = scenario.capacity_search.step;
  phases.drain = scenario.phases.drain;

  progress_printer progress(options.log, options.live_progress, label + " capacity " + rate_text(rate));
  const auto r = loadgen::run(load, phases, scenario.seed, core::steady_clock_source::instance(),
                              std::ref(progress), options.stop);
  const auto& m = r.measure;
  core::capacity_point point;
  point.rate = rate;
  point.throughput = m.throughput;
  point.error_rate = reports::error_rate(m.overall.counts);
  point.p50_ns = percentile_ns(m.overall.corrected, 50);
  point.p99_ns = percentile_ns(m.overall.corrected, 99);
  const auto verdicts = reports::evaluate_thresholds(scenario.capacity_search.slo, m);
  point.passed = !options.stop.stop_requested() &&
                 std::all_of(verdicts.begin(), verdicts.end(), [](const auto& t) { return t.passed; });
  return point;
}

}  // namespace

variant_outcome run_variant(const core::scenario_config& scenario, const core::variant_config& variant,
                            const launch_options& launch, const run_options& options) {
  variant_outcome out;
  out.result.name = variant.name;
  out.result.overrides = variant.overrides;

  const auto sut = start_system(scenario, launch);
  const auto target = sut->target_url();
  if (options.log) {
    for (const auto& line : sut->describe()) *options.log << "listening " << line << "\n";
    *options.log << "[" << variant.name << "] load -> " << target << "\n" << std::flush;
  }

  auto load = scenario.load;
  load.target = target;
  event_timeline timeline(scenario.events, [&sut](const core::event_config& e) { return sut->apply(e); });
  loadgen::result r;
  {
    progress_printer progress(options.log, options.live_progress, variant.name);
    timeline.start();
    r = loadgen::run(load, scenario.phases, scenario.seed, core::steady_clock_source::instance(),
                     std::ref(progress), options.stop);
    timeline.stop();
  }
  for (auto& e : sut->events()) timeline.add(e.at, std::move(e.source), std::move(e.what));
  out.result.events = timeline.log();
  if (options.log)
    for (const auto& e : out.result.events)
      *options.log << "[" << variant.name << "] event at " << e.at_ns / 1'000'000 << " ms: " << e.what << "\n";

  // Components count from start-up, so they include the warm-up; they go with the measure phase,
  // which is what readers compare them against.
  r.measure.components = sut->components();
  if (scenario.phases.warmup.count() > 0) out.result.phases.push_back(std::move(r.warmup));
  out.result.phases.push_back(r.measure);
  out.result.thresholds = reports::evaluate_thresholds(scenario.thresholds, r.measure);

  if (scenario.capacity_search.enabled && !options.stop.stop_requested()) {
    auto capacity = search_capacity(scenario.capacity_search, [&](double rate) {
      return run_capacity_trial(scenario, target, rate, options, variant.name);
    });
    out.capacity = std::move(capacity);
  }
  sut->stop();
  return out;
}

}  // namespace portico::runner
