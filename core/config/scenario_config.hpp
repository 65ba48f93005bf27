#pragma once
// The whole scenario: what the runner brings up (backends, gateway), the load it drives, the
// phases, timed events, variants to compare, thresholds to gate on, and an optional capacity
// search. Plain data with defaults; only core/config/loader reads YAML into it.
#include "core/config/backend_config.hpp"
#include "core/config/gateway_config.hpp"
#include "core/config/load_config.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace portico::core {

// A timed action during the measure phase (offset from the start of the run, warm-up included).
struct event_config {
  enum class action { fail, recover, slow, unhealthy, healthy, kill, reload };
  std::chrono::nanoseconds at{0};
  action what = action::fail;
  std::string backend;             // fail/recover/slow/unhealthy/healthy/kill
  int instance = -1;               // -1 = all instances
  std::chrono::nanoseconds latency{0};  // slow: added latency
  std::string file;                // reload: the new scenario file for the gateway
  source_location where;
};

// "p99 < 50ms", "error_rate < 1%", "throughput > 900/s", "route(users).p99 < 20ms"
struct threshold_config {
  std::string text;    // as written, for reports
  std::string scope;   // empty = overall, else a route name
  std::string metric;  // p50 p75 p90 p99 p999 p9999 max mean error_rate throughput
  enum class op { lt, le, gt, ge };
  op compare = op::lt;
  double value = 0;    // nanoseconds for latencies, fraction for rates, per second for throughput
  source_location where;
};

// Named set of field overrides: "path.to.field" -> YAML scalar text.
struct variant_config {
  std::string name;
  std::map<std::string, std::string> overrides;
};

struct capacity_search_config {
  bool enabled = false;
  std::vector<threshold_config> slo;    // all must hold for a rate to pass
  rate start{100};
  rate max{100000};
  std::chrono::nanoseconds step{std::chrono::seconds(5)};  // length of each trial
  double precision = 0.05;              // stop bisecting when hi/lo - 1 < precision
};

// Process-wide settings of the mock backends (`portico mock`, or in-process in `portico run`).
struct mock_config {
  std::string admin = "127.0.0.1:0";  // the one admin listener; loopback by default
  std::string admin_token;            // non-empty: admin requests need "Authorization: Bearer <token>"
  int threads = 1;                    // I/O threads for all mock instances together
};

struct scenario_config {
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  std::vector<backend_config> backends;
  mock_config mock;  // `mock:` section (optional)
  gateway_config gateway;
  load_config load;
  phases_config phases;
  std::vector<event_config> events;
  std::vector<variant_config> variants;  // expanded from `variants:` (named and matrix)
  std::vector<threshold_config> thresholds;
  capacity_search_config capacity_search;
  std::string file;  // where it was loaded from

  const backend_config* find_backend(std::string_view name) const;
};

}  // namespace portico::core
