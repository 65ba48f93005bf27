#pragma once
// The results model: one plain tree that every formatter (text, Markdown, CSV, HTML, JUnit, the
// dashboard) reads. run -> variants -> phases -> overall / per request template / gateway routes /
// backends / limiters, with latency summaries, encoded histograms and a per-second timeline.
// Written as results.json with "schema": "portico.results/v1"; see results_json.hpp.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace portico::core {

inline constexpr const char* results_schema_id = "portico.results/v1";

struct percentile_value {
  double percentile = 0;     // 0..100, e.g. 99.9
  std::int64_t value_ns = 0;
  friend bool operator==(const percentile_value&, const percentile_value&) = default;
};

struct latency_summary {
  std::uint64_t count = 0;
  std::uint64_t out_of_range = 0;  // recorded values beyond the histogram's range
  std::int64_t min_ns = 0, max_ns = 0;
  double mean_ns = 0, stddev_ns = 0;
  std::vector<percentile_value> percentiles;  // 50, 75, 90, 99, 99.9, 99.99, 100
  std::string histogram;  // HdrHistogram V2 compressed, base64 ("" when not kept)
  friend bool operator==(const latency_summary&, const latency_summary&) = default;
};

struct request_counts {
  std::uint64_t sent = 0;
  std::uint64_t completed = 0;               // a response arrived (any status)
  std::uint64_t errors = 0;                  // transport errors + timeouts (no response)
  std::map<std::string, std::uint64_t> errors_by_kind;  // connect, read, write, tls, timeout, parse
  std::map<std::string, std::string> error_examples;    // kind -> first explanation seen (strerror, TLS reason)
  std::map<int, std::uint64_t> status;       // by exact status code
  friend bool operator==(const request_counts&, const request_counts&) = default;
};

// A stream of requests as the load generator saw it: overall, or one request template.
struct stream_result {
  std::string name;
  request_counts counts;
  latency_summary corrected;    // from the intended send time (coordinated omission corrected)
  latency_summary uncorrected;  // from the actual send time
  friend bool operator==(const stream_result&, const stream_result&) = default;
};

struct timeline_point {
  std::int64_t second = 0;  // since phase start
  std::uint64_t sent = 0, completed = 0, errors = 0, non_2xx = 0;
  std::int64_t p50_ns = 0, p90_ns = 0, p99_ns = 0, max_ns = 0;  // corrected
  friend bool operator==(const timeline_point&, const timeline_point&) = default;
};

// A component's own counters (a gateway route, a backend instance, a limiter), by name:
// e.g. {"requests": 1200, "status_5xx": 3, "ejections": 1}. Latency when the component has it.
struct component_result {
  std::string kind;   // "route", "backend", "limiter", "upstream", ...
  std::string name;   // route name, "users#0", ...
  std::map<std::string, double> counters;
  latency_summary latency;
  friend bool operator==(const component_result&, const component_result&) = default;
};

struct event_record {
  std::int64_t at_ns = 0;  // since run start
  std::string source;      // "runner", "gateway", "users#1"
  std::string what;        // "ejected", "healthy", "fail injected", "reload ok", ...
  friend bool operator==(const event_record&, const event_record&) = default;
};

struct phase_result {
  std::string name;  // "warmup" | "measure" | "capacity@1200/s"
  std::int64_t duration_ns = 0;
  std::string model;  // "open" | "closed"
  int connections = 0;
  double intended_rate = 0;   // open model, requests/s; 0 for closed
  double achieved_rate = 0;   // sent / duration
  double throughput = 0;      // completed / duration
  std::uint64_t late_sends = 0;        // requests sent more than 1 ms after their intended time
  std::int64_t max_send_lag_ns = 0;
  stream_result overall;
  std::vector<stream_result> requests;   // per request template
  std::vector<component_result> components;  // gateway routes, backends, limiters, ...
  std::vector<timeline_point> timeline;
  friend bool operator==(const phase_result&, const phase_result&) = default;
};

struct threshold_result {
  std::string text;
  std::string scope;
  double actual = 0;
  bool passed = false;
  friend bool operator==(const threshold_result&, const threshold_result&) = default;
};

struct variant_result {
  std::string name;  // "baseline" when the scenario declares no variants
  std::map<std::string, std::string> overrides;
  std::vector<phase_result> phases;
  std::vector<threshold_result> thresholds;
  std::vector<event_record> events;
  friend bool operator==(const variant_result&, const variant_result&) = default;
};

struct capacity_point {
  double rate = 0;
  double throughput = 0;
  double error_rate = 0;
  std::int64_t p50_ns = 0, p99_ns = 0;
  bool passed = false;
  friend bool operator==(const capacity_point&, const capacity_point&) = default;
};

struct capacity_result {
  std::vector<std::string> slo;
  std::vector<capacity_point> points;  // in the order tried
  double knee_rate = 0;                // highest rate that met the SLO
  friend bool operator==(const capacity_result&, const capacity_result&) = default;
};

struct run_result {
  std::string schema = results_schema_id;
  std::string tool_version;
  std::string scenario;       // name
  std::string scenario_file;
  std::uint64_t seed = 0;
  std::string started_at;     // ISO 8601 UTC
  std::map<std::string, std::string> environment;  // host, cores, kernel, ...
  std::vector<variant_result> variants;
  std::vector<capacity_result> capacity;  // empty unless a capacity search ran
  friend bool operator==(const run_result&, const run_result&) = default;
};

}  // namespace portico::core
