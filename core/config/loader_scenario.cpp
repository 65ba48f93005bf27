// The top level of a scenario, events and capacity_search. Events are written
//   {at: 10s, action: fail, backend: users, instance: 1}     (instance omitted = all instances)
//   {at: 20s, action: slow, backend: users, latency: 50ms}
//   {at: 30s, action: reload, file: scenarios/other.yaml}
#include "core/config/sections.hpp"

namespace portico::core::detail {

template <class V>
void describe(V& v, event_config& c) {
  v.required("at", c.at, "Offset from the start of the run (warm-up included)");
  v.required("action", c.what, "What happens");
  v.field("backend", c.backend, "Backend acted on (fail, recover, slow, unhealthy, healthy, kill)", backend_ref);
  v.field("instance", c.instance, "Instance index; -1 or omitted = all instances", at_least(-1));
  v.field("latency", c.latency, "slow: latency added to every answer");
  v.field("file", c.file, "reload: the scenario file the gateway reloads");
  v.location(c.where);
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, event_config& out) {
  if (!read_object(ctx, n, path, out)) return false;
  if (!n.IsMap() || !n["action"]) return true;
  using action = event_config::action;
  if (out.what == action::reload) {
    if (out.file.empty()) ctx.error(n, path + ".file", "reload needs file");
    return true;
  }
  if (!n["backend"]) ctx.error(n, path + ".backend", std::string(enum_name(out.what)) + " needs backend");
  if (out.what == action::slow && out.latency.count() <= 0) ctx.error(n, path + ".latency", "slow needs latency > 0");
  const auto instances = ctx.backend_instances.find(out.backend);
  if (instances != ctx.backend_instances.end() && out.instance >= instances->second) {
    ctx.error(n["instance"], path + ".instance",
              "backend '" + out.backend + "' has " + std::to_string(instances->second) + " instance(s), numbered from 0");
  }
  return true;
}

json::object schema_of(schema_tag, const event_config&) {
  event_config defaults;
  schema_object s;
  describe(s, defaults);
  return s.finish("A timed action during the run");
}

template <class V>
void describe(V& v, capacity_search_config& c) {
  v.presence_flag("enabled", c.enabled, "Search for the highest rate meeting the SLO (on when the section is present)");
  v.required("slo", c.slo, "Thresholds that must all hold for a rate to pass");
  v.field("start", c.start, "First rate tried", positive);
  v.field("max", c.max, "Highest rate tried", positive);
  v.field("step", c.step, "Length of each trial", positive);
  v.field("precision", fraction_ref{c.precision}, "Stop bisecting when hi/lo - 1 < precision");
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, capacity_search_config& out) {
  if (!read_object(ctx, n, path, out)) return false;
  if (out.start.per_second > out.max.per_second) ctx.error(n, path + ".start", "must not exceed max");
  if (out.enabled && out.slo.empty() && n.IsMap() && n["slo"]) ctx.error(n["slo"], path + ".slo", "needs at least one threshold");
  return true;
}

json::object schema_of(schema_tag, const capacity_search_config&) {
  capacity_search_config defaults;
  schema_object s;
  describe(s, defaults);
  return s.finish("Capacity search: bisect the open-model rate against an SLO");
}

template <class V>
void describe(V& v, mock_config& c) {
  v.field("admin", c.admin, "Admin API host:port of the mock backends", host_port);
  v.field("admin_token", c.admin_token, "Admin requests need \"Authorization: Bearer <token>\"");
  v.field("threads", c.threads, "I/O threads for all mock instances together", between(1, 256));
}

// The top-level table; backends come first so that later sections can check references.
template <class V>
void describe(V& v, scenario_config& c) {
  v.field("name", c.name, "Scenario name, for reports");
  v.field("description", c.description, "What the scenario shows");
  v.field("seed", c.seed, "Random seed for latencies, faults and request mixes");
  v.field("backends", backend_map{c.backends}, "Mock backends by name");
  v.field("mock", c.mock, "Process-wide settings of the mock backends");
  v.field("gateway", c.gateway, "The reference gateway (or an external one); absent = load goes straight to backends");
  v.field("load", c.load, "The load");
  v.field("phases", c.phases, "Warm-up, measure and drain lengths");
  v.field("events", c.events, "Timed actions: fail/recover/slow/unhealthy/healthy/kill a backend, reload the gateway");
  v.field("variants", variants_ref{c.variants}, "Runs to compare: named override sets and/or a matrix");
  v.field("thresholds", c.thresholds, "Gates: the run fails (exit 1) when one does not hold");
  v.field("capacity_search", c.capacity_search, "Find the highest rate that meets an SLO");
}

void read_scenario(read_context& ctx, const YAML::Node& root, scenario_config& out) {
  if (root.IsNull()) {
    ctx.error(root, "", "the scenario is empty");
    return;
  }
  read_object(ctx, root, "", out);
}

json::object scenario_schema() {
  scenario_config defaults;
  schema_object s;
  describe(s, defaults);
  return s.finish("A Portico scenario: mock backends, a gateway, a load, phases, events, variants, thresholds");
}

}  // namespace portico::core::detail
