#include "scenarios/runner/scenario_run.hpp"

#include "core/config/loader.hpp"
#include "scenarios/runner/environment.hpp"
#include "scenarios/runner/variant_run.hpp"

#include <algorithm>
#include <ostream>

namespace portico::runner {

namespace {

core::scenario_config load_or_throw(const std::string& file, const std::vector<std::string>& overrides,
                                    const std::string& context) {
  auto loaded = core::load_scenario_file(file, overrides);
  if (!loaded.ok()) throw scenario_error(context, std::move(loaded.errors));
  return std::move(*loaded.scenario);
}

// The variants to run, in the scenario's order; "baseline" when it declares none.
std::vector<core::variant_config> chosen_variants(const core::scenario_config& scenario, const std::string& only) {
  auto variants = scenario.variants;
  if (variants.empty()) variants.push_back({"baseline", {}});
  if (only.empty()) return variants;
  const auto it = std::find_if(variants.begin(), variants.end(), [&](const auto& v) { return v.name == only; });
  if (it == variants.end()) {
    std::string names;
    for (const auto& v : variants) names += (names.empty() ? "" : ", ") + v.name;
    throw scenario_error("--variant " + only + ": no such variant (the scenario has: " + names + ")", {});
  }
  return {*it};
}

std::vector<std::string> variant_overrides(const core::variant_config& variant, const run_options& options) {
  std::vector<std::string> out;
  for (const auto& [path, value] : variant.overrides) out.push_back(path + "=" + value);
  // The command line wins over the variant: `--set` is the user's last word.
  out.insert(out.end(), options.overrides.begin(), options.overrides.end());
  return out;
}

}  // namespace

core::run_result run_scenario(const std::string& file, const run_options& options) {
  const auto base = load_or_throw(file, options.overrides, file + ": the scenario does not load");
  const auto variants = chosen_variants(base, options.variant);

  core::run_result run;
  run.tool_version = PORTICO_VERSION;
  run.scenario = base.name;
  run.scenario_file = file;
  run.seed = base.seed;
  run.started_at = utc_timestamp_iso();
  run.environment = describe_environment();

  // Every variant is loaded before the first one runs: a typo in the last one must not cost the
  // minutes the others take.
  std::vector<core::scenario_config> scenarios;
  for (const auto& variant : variants)
    scenarios.push_back(variant.overrides.empty()
                            ? base
                            : load_or_throw(file, variant_overrides(variant, options), "variant " + variant.name));

  for (std::size_t i = 0; i < variants.size(); ++i) {
    if (options.stop.stop_requested()) break;
    const auto& variant = variants[i];
    if (options.log && variants.size() > 1)
      *options.log << "variant " << i + 1 << "/" << variants.size() << ": " << variant.name << "\n";
    launch_options launch;
    launch.processes = options.processes;
    launch.executable = options.executable;
    launch.scenario_file = file;
    launch.overrides = variant_overrides(variant, options);
    auto outcome = run_variant(scenarios[i], variant, launch, options);
    run.variants.push_back(std::move(outcome.result));
    if (outcome.capacity) run.capacity.push_back(std::move(*outcome.capacity));
  }
  return run;
}

}  // namespace portico::runner
