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

// Response shaping (BFF): applied to the top-level members of a JSON object body.
struct response_shape_config {
  std::vector<std::string> allow;              // keep only these members (empty = all)
  std::vector<std::string> remove;             // then drop these
  std::map<std::string, std::string> rename;   // then rename old -> new
};

// GET response cache of one route (gateway/patterns/response_cache).
struct cache_config {
  bool enabled = false;
  nanoseconds ttl{std::chrono::seconds(30)};    // when the backend gives no max-age
  std::uint64_t max_entries = 1024;
  std::uint64_t max_bytes = 16 * 1024 * 1024;   // bodies + keys, LRU-evicted beyond
  std::vector<std::string> key_headers;         // request headers that vary the key
};

// WebSocket tunnelling on one route (gateway/server/tunnel.cpp): a valid upgrade is forwarded on a
// fresh upstream connection and, after the backend's 101, bytes are relayed both ways unmodified.
struct websocket_config {
  bool enabled = false;  // off: an upgrade request on the route is refused with 403
  nanoseconds idle_timeout{std::chrono::seconds(60)};  // no byte in either direction: both closed
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
  enum class merge_mode { by_key, top_level };
  merge_mode aggregate_merge = merge_mode::by_key;  // named keys, or members merged at top level
  std::vector<aggregate_call_config> compose;  // non-empty: sequential calls, later ones templated
  cache_config cache;
  response_shape_config shape;  // non-empty: the backend's JSON answer is reshaped
  bool compress = false;  // gzip responses when the client accepts it
  websocket_config websocket;
  source_location where;
};

// A certificate the listener presents to clients that ask for `host` by SNI.
struct tls_sni_config {
  std::string host;  // exact (case-insensitive) or "*.example.com" (one label)
  std::string cert;  // PEM chain file
  std::string key;   // PEM private key file; empty = in the cert file
  bool operator==(const tls_sni_config&) const = default;
};

// TLS termination on a listener (gateway/server/tls_termination). File paths are resolved
// against the scenario file's directory by the loader.
struct tls_config {
  bool enabled = false;
  std::string cert;  // PEM chain file: the default certificate (no SNI, or no SNI match)
  std::string key;   // PEM private key file; empty = in the cert file
  std::string min_version = "1.2";  // "1.2" | "1.3"
  std::vector<tls_sni_config> sni;
  std::string client_ca;  // PEM bundle that client certificates must chain to
  enum class client_cert_mode { none, optional, required };
  client_cert_mode client_cert = client_cert_mode::none;  // optional: auth {mtls} decides per route
  nanoseconds handshake_timeout{std::chrono::seconds(10)};
  bool operator==(const tls_config&) const = default;
};

struct listener_config {
  std::string name = "public";
  std::string address = "127.0.0.1:0";
  tls_config tls;
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
  // Keep-alive pool size per instance and proxy thread. Generous on purpose: a pool smaller than
  // the concurrent requests to an instance closes connections after each burst and reconnects
  // on the next, e.g. at 200 clients with 64 pooled: 18k req/s and 5,600 TIME_WAIT sockets in
  // 5 s against 26k req/s and none with 256 (wrk, loopback, one thread).
  int max_idle_connections = 1024;
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

// W3C trace-context propagation and span export (gateway/patterns/trace_*).
struct tracing_config {
  bool enabled = false;
  std::string service_name = "portico-gateway";
  double sample_ratio = 1.0;   // for traces the gateway starts; an incoming sampled flag wins
  std::string otlp_file;       // OTLP/HTTP JSON (ExportTraceServiceRequest), one per line
  std::string zipkin_file;     // Zipkin v2 JSON span arrays, one per line
  // Collectors: "http://IP:PORT/PATH", the loader fills in the format's standard path
  // (/v1/traces, /api/v2/spans) when none is given. POSTed with Content-Type application/json.
  std::string otlp_endpoint;
  std::string zipkin_endpoint;
  std::uint64_t batch_size = 512;          // spans per exported document at most
  nanoseconds batch_delay{std::chrono::milliseconds(200)};  // a span waits at most this (+ export time)
  std::uint64_t queue_size = 16384;        // spans buffered over all proxy threads; beyond: dropped, counted
  nanoseconds export_timeout{std::chrono::seconds(2)};      // per POST to a collector
  bool b3 = false;             // also send B3 single-header ("b3") upstream
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
  tracing_config tracing;
  source_location where;
};

}  // namespace portico::core
