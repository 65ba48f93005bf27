#pragma once
// The reference gateway: listeners with ordered routes, upstream (per-backend) resilience
// settings, limits and operations. Route order is match order: the first matching route wins.
#include "core/config/policy_config.hpp"
#include "core/config/source_location.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace portico::core {

using std::chrono::nanoseconds;

struct route_match_config {
  std::string path;           // exact
  std::string path_prefix;
  std::string path_template;  // "/users/{id}"; captures usable in rewrite / aggregate paths
  std::string path_regex;     // ECMAScript, whole-path match
  std::string host;           // exact, or "*.example.com"
  std::vector<std::string> methods;
  std::map<std::string, std::string> headers;  // name -> exact value ("*" = present)
  std::map<std::string, std::string> query;    // name -> exact value ("*" = present)
};

struct rewrite_config {
  std::string strip_prefix;
  std::string add_prefix;
  std::string path;  // replace the whole path; may use template captures "{id}"
};

struct weighted_backend {
  std::string backend;
  int weight = 1;
};

enum class lb_algorithm { round_robin, weighted_round_robin, least_request, p2c, random, ring_hash, maglev };

struct lb_config {
  lb_algorithm algorithm = lb_algorithm::round_robin;
  std::string hash_on = "client_ip";  // ring_hash/maglev: client_ip | header:NAME | cookie:NAME
};

struct retry_config {
  int attempts = 0;             // extra attempts after the first; 0 = no retries
  double budget = 0.2;          // retries may add at most this fraction of active requests
  nanoseconds backoff_base{std::chrono::milliseconds(25)};
  nanoseconds backoff_max{std::chrono::milliseconds(250)};
  std::vector<int> on_status{502, 503, 504};
};

struct aggregate_call_config {
  std::string name;  // key in the merged document
  std::string backend;
  std::string path;  // may use template captures "{id}"
  nanoseconds timeout{std::chrono::seconds(1)};
};

struct route_config {
  std::string name;  // default: "<listener>#<index>"
  route_match_config match;
  rewrite_config rewrite;
  std::vector<weighted_backend> backends;  // "backend: users" is one entry of weight 1
  lb_config lb;
  nanoseconds timeout{std::chrono::seconds(15)};
  retry_config retries;
  auth_config auth;
  std::optional<rate_limit_config> rate_limit;
  std::vector<aggregate_call_config> aggregate;  // non-empty: an aggregation route
  enum class partial_policy { fail, return_partial };
  partial_policy on_partial = partial_policy::fail;
  bool compress = false;  // gzip responses when the client accepts it
  source_location where;
};

struct listener_config {
  std::string name = "public";
  std::string address = "127.0.0.1:0";
  std::vector<route_config> routes;
  source_location where;
};

struct health_check_config {
  bool enabled = false;
  std::string path = "/health";
  nanoseconds interval{std::chrono::seconds(1)};
  nanoseconds timeout{std::chrono::milliseconds(500)};
  int healthy_threshold = 2;
  int unhealthy_threshold = 2;
};

struct outlier_detection_config {
  bool enabled = false;
  int consecutive_5xx = 5;
  int consecutive_connect_failures = 3;
  nanoseconds base_ejection{std::chrono::seconds(1)};  // grows linearly with repeat ejections
  double max_ejection_percent = 0.5;
};

struct circuit_breaker_config {
  bool enabled = false;
  int max_pending = 1024;
  int max_requests = 1024;
  int consecutive_failures = 5;
  nanoseconds open_for{std::chrono::seconds(5)};
  int half_open_probes = 1;
};

struct upstream_config {
  nanoseconds connect_timeout{std::chrono::seconds(1)};
  int max_idle_connections = 64;  // keep-alive pool size per instance
  health_check_config health_check;
  outlier_detection_config outlier_detection;
  circuit_breaker_config circuit_breaker;
};

struct gateway_limits_config {
  std::uint64_t max_header_bytes = 16 * 1024;
  std::uint64_t max_body_bytes = 8 * 1024 * 1024;
  nanoseconds header_timeout{std::chrono::seconds(10)};
  nanoseconds idle_timeout{std::chrono::seconds(60)};
};

struct gateway_config {
  bool enabled = false;        // false: the scenario has no gateway section
  std::string address;         // non-empty: an external gateway "host:port"; Portico starts none
  std::string admin = "127.0.0.1:0";
  std::string admin_token;     // non-empty: admin requests need "Authorization: Bearer <token>"
  int threads = 1;
  std::vector<listener_config> listeners;
  std::map<std::string, upstream_config> upstreams;  // by backend name; defaults when absent
  gateway_limits_config limits;
  std::string access_log;      // file path; empty = off
  source_location where;
};

}  // namespace portico::core
