#pragma once
// A realistic run_result for the report tests and the fixture files: two variants (or one) of a
// limiter shoot-out, warm-up + 30 s measure phase at 2000/s, lognormal latencies recorded with
// core::histogram (p50 ~4 ms, p99 ~30 ms) with a 3-second stall at t=12 s that the corrected
// figures see and the uncorrected ones hide, per-second timeline, routes/backends/limiter
// components, thresholds evaluated by reports::evaluate_thresholds, health events and a
// capacity search. Deterministic (fixed seeds).
#include "core/config/scenario_config.hpp"
#include "core/results/results.hpp"
#include "core/stats/histogram.hpp"
#include "core/stats/summary.hpp"
#include "reports/thresholds.hpp"

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace portico::testing {

struct sample_options {
  int variants = 2;
  double tail_factor = 1.0;  // multiplies every latency of the second variant's tail
  double slowdown = 1.0;     // multiplies every latency of every variant (regression injection)
  double throughput_factor = 1.0;
};

inline sample_options single_variant() {
  sample_options o;
  o.variants = 1;
  return o;
}

inline core::threshold_config sample_threshold(std::string text, std::string scope, std::string metric,
                                               core::threshold_config::op op, double value) {
  core::threshold_config t;
  t.text = std::move(text);
  t.scope = std::move(scope);
  t.metric = std::move(metric);
  t.compare = op;
  t.value = value;
  return t;
}

inline std::vector<core::threshold_config> sample_thresholds() {
  using op = core::threshold_config::op;
  return {sample_threshold("p99 < 50ms", "", "p99", op::lt, 50e6),
          sample_threshold("error_rate < 1%", "", "error_rate", op::lt, 0.01),
          sample_threshold("throughput > 1900/s", "", "throughput", op::gt, 1900),
          sample_threshold("route(users).p99 < 20ms", "users", "p99", op::lt, 20e6)};
}

namespace detail {

struct stream_recorder {
  core::histogram corrected, uncorrected;
  core::request_counts counts;
  core::stream_result result(const std::string& name) const {
    return {name, counts, core::summarize(corrected), core::summarize(uncorrected)};
  }
};

// One phase: `seconds` at `rate`/s; latency scale `scale`; stall between [stall_from, stall_to).
inline core::phase_result make_phase(const std::string& name, int seconds, int rate, double scale, std::uint64_t seed,
                                     int stall_from, int stall_to, double throughput_factor) {
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> users(std::log(4e6 * scale), 0.87), dashboard(std::log(9e6 * scale), 0.7);
  std::uniform_real_distribution<double> unit(0, 1);
  core::phase_result p;
  p.name = name;
  p.duration_ns = std::int64_t{seconds} * 1'000'000'000;
  p.model = "open";
  p.connections = 64;
  p.intended_rate = rate;
  stream_recorder all, user_stream, dash_stream;
  core::component_result route_users{"route", "users", {}, {}}, route_dash{"route", "dashboard", {}, {}};
  core::histogram users_route_latency, dash_route_latency;
  for (int s = 0; s < seconds; ++s) {
    core::histogram second;
    core::timeline_point point;
    point.second = s;
    const bool stalled = s >= stall_from && s < stall_to;
    const int n = static_cast<int>(rate * (stalled ? 0.8 : 1.0) * throughput_factor);
    for (int i = 0; i < n; ++i) {
      const bool is_dash = unit(rng) < 0.1;
      auto& stream = is_dash ? dash_stream : user_stream;
      double latency = is_dash ? dashboard(rng) : users(rng);
      // The stall: the server pauses; the uncorrected figure only sees the requests that were
      // actually sent, the corrected one charges the waiting to every intended request.
      const double queued = stalled ? 250e6 * (1.0 - static_cast<double>(i) / n) : 0.0;
      latency = std::min(latency, 2e9);
      const auto corrected = static_cast<std::int64_t>(latency + queued);
      const auto uncorrected = static_cast<std::int64_t>(latency);
      ++point.sent;
      for (auto* r : {&all, &stream}) ++r->counts.sent;
      const double roll = unit(rng);
      if (roll < (stalled ? 0.02 : 0.0005)) {
        ++point.errors;
        for (auto* r : {&all, &stream}) {
          ++r->counts.errors;
          ++r->counts.errors_by_kind[stalled ? "timeout" : "connect"];
        }
        continue;
      }
      const int status = roll < (stalled ? 0.05 : 0.002) ? 503 : roll < 0.03 ? 429 : 200;
      if (status != 200) ++point.non_2xx;
      ++point.completed;
      for (auto* r : {&all, &stream}) {
        ++r->counts.completed;
        ++r->counts.status[status];
        r->corrected.record(corrected);
        r->uncorrected.record(uncorrected);
      }
      second.record(corrected);
      auto& route = is_dash ? route_dash : route_users;
      route.counters["requests"] += 1;
      route.counters[status >= 500 ? "status_5xx" : status >= 400 ? "status_4xx" : "status_2xx"] += 1;
      (is_dash ? dash_route_latency : users_route_latency).record(uncorrected);
    }
    point.p50_ns = second.value_at_percentile(50);
    point.p90_ns = second.value_at_percentile(90);
    point.p99_ns = second.value_at_percentile(99);
    point.max_ns = second.max();
    p.timeline.push_back(point);
  }
  p.overall = all.result("overall");
  p.requests = {user_stream.result("GET /api/users/{id}"), dash_stream.result("GET /api/dashboard/{id}")};
  p.achieved_rate = static_cast<double>(all.counts.sent) / seconds;
  p.throughput = static_cast<double>(all.counts.completed) / seconds;
  p.late_sends = static_cast<std::uint64_t>(stall_to > stall_from ? 1200 : 3);
  p.max_send_lag_ns = stall_to > stall_from ? 250'000'000 : 1'400'000;
  route_users.latency = core::summarize(users_route_latency, false);
  route_dash.latency = core::summarize(dash_route_latency, false);
  route_users.counters["retries"] = 41;
  route_dash.counters["retries"] = 3;
  p.components = {route_users, route_dash};
  const double users_requests = route_users.counters["requests"];
  for (int i = 0; i < 3; ++i) {
    core::component_result b{"backend", "users#" + std::to_string(i), {}, {}};
    b.counters = {{"requests", std::round(users_requests / 3)}, {"ejections", i == 1 ? 1.0 : 0.0}, {"inflight_max", 9.0 + i}};
    p.components.push_back(b);
  }
  for (int i = 0; i < 2; ++i) {
    core::component_result b{"backend", "orders#" + std::to_string(i), {}, {}};
    b.counters = {{"requests", std::round(route_dash.counters["requests"] / 2)}, {"ejections", 0.0}, {"inflight_max", 4.0}};
    p.components.push_back(b);
  }
  const double denied = std::round(users_requests * 0.025);
  p.components.push_back({"limiter", "users (token bucket)", {{"allowed", users_requests - denied}, {"denied", denied}}, {}});
  return p;
}

// Each variant's limiter is named after its algorithm and denies a different share, so the
// cross-variant limiter comparison has something to show.
inline void set_limiter(core::phase_result& phase, const std::string& algorithm, double denied_share) {
  for (auto& c : phase.components) {
    if (c.kind != "limiter") continue;
    std::string readable = algorithm;
    for (char& ch : readable) ch = ch == '_' ? ' ' : ch;
    const double total = c.counters["allowed"] + c.counters["denied"];
    c.name = "users (" + readable + ")";
    c.counters["denied"] = std::round(total * denied_share);
    c.counters["allowed"] = total - c.counters["denied"];
  }
}

}  // namespace detail

inline core::run_result sample_run(const sample_options& options = {}) {
  core::run_result run;
  run.tool_version = "0.1.0";
  run.scenario = "limiter-shootout";
  run.scenario_file = "scenarios/limiter-shootout.yaml";
  run.seed = 42;
  run.started_at = "2026-11-22T08:00:00Z";
  run.environment = {{"host", "bench-1"}, {"cores", "2"}, {"kernel", "6.1.0-18-amd64"}, {"compiler", "GCC 12.2"}};
  const std::vector<std::string> names{"token_bucket", "sliding_window", "fixed_window", "leaky_bucket"};
  for (int v = 0; v < options.variants; ++v) {
    core::variant_result variant;
    variant.name = names[static_cast<std::size_t>(v % 4)];
    variant.overrides = {{"gateway.listeners[0].routes[0].rate_limit.algorithm", variant.name}};
    const double scale = options.slowdown * (v == 0 ? 1.0 : options.tail_factor * (1.0 + 0.15 * v));
    variant.phases.push_back(detail::make_phase("warmup", 5, 200, scale, 7 + static_cast<std::uint64_t>(v), 0, 0, 1.0));
    variant.phases.push_back(detail::make_phase("measure", 30, 2000, scale, 1000 + static_cast<std::uint64_t>(v), 12, 15,
                                                options.throughput_factor));
    for (auto& phase : variant.phases) detail::set_limiter(phase, variant.name, 0.025 * (1.0 + 0.6 * v));
    variant.thresholds = reports::evaluate_thresholds(sample_thresholds(), variant.phases.back());
    variant.events = {{16'900'000'000, "users#1", "ejected (5 consecutive 5xx)"},
                      {17'000'000'000, "runner", "fail injected: users#1 503"},
                      {21'000'000'000, "users#1", "healthy"}};
    run.variants.push_back(std::move(variant));
  }
  core::capacity_result capacity;
  capacity.slo = {"p99 < 50ms", "error_rate < 1%"};
  const std::vector<std::pair<double, bool>> tried{{500, true},   {1000, true},  {2000, true}, {4000, false},
                                                   {3000, false}, {2500, true}, {2750, false}};
  for (const auto& [rate, passed] : tried) {
    const double load = rate / 3000.0;
    capacity.points.push_back({rate, passed ? rate * 0.999 : 2600 + (rate - 2600) * 0.1, passed ? 0.001 : 0.02 + load / 20,
                               static_cast<std::int64_t>(4e6 / std::max(0.05, 1.0 - load * 0.9)),
                               static_cast<std::int64_t>(passed ? 18e6 + load * 25e6 : 60e6 + load * 80e6), passed});
  }
  capacity.knee_rate = 2500;
  run.capacity.push_back(capacity);
  return run;
}

}  // namespace portico::testing
