#pragma once
// Mock backends: named services, each with N instances (own ports), endpoints with latency
// distributions, bodies, faults and an M/G/c capacity model.
#include "core/config/source_location.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace portico::core {

using std::chrono::nanoseconds;

struct latency_config {
  enum class kind { fixed, uniform, normal, lognormal, exponential, pareto, empirical };
  kind type = kind::fixed;
  nanoseconds value{0};                     // fixed
  nanoseconds min{0}, max{0};               // uniform; for every kind, optional clamp when max > 0
  nanoseconds mean{0}, stddev{0};           // normal (mean, stddev); exponential (mean)
  nanoseconds p50{0}, p99{0};               // lognormal given by two percentiles
  double mu = 0, sigma = 0;                 // lognormal given by parameters of ln(latency / 1ms)
  nanoseconds scale{0};                     // pareto: minimum value x_m
  double shape = 0;                         // pareto: alpha
  std::vector<std::pair<double, nanoseconds>> percentiles;  // empirical: (quantile 0..1, value)
};

struct status_fault {
  int status = 503;
  double probability = 0;  // 0..1
};

// Each fault fires independently per request with its probability, checked in this order:
// hang, reset, malformed, status, close_mid_body, slow_body.
struct fault_config {
  std::vector<status_fault> statuses;  // "503:2%,504:1%"
  double reset = 0;                    // close the connection with RST instead of answering
  double close_mid_body = 0;           // send headers and half the body, then close
  double hang = 0;                     // never answer (until the client gives up)
  double malformed = 0;                // send bytes that are not valid HTTP/1.1
  double slow_body = 0;                // probability of trickling the body ...
  std::uint64_t slow_body_bytes_per_second = 1024;  // ... at this speed
};

struct body_config {
  enum class kind { empty, text, json, random_bytes, file };
  kind type = kind::empty;
  std::string content;       // text or JSON (compact); may hold {param} placeholders
  std::string file;          // kind::file: re-read on every request (a document someone rotates)
  std::uint64_t size = 0;    // random_bytes: exact size; text/json: padded to at least this size
  std::string content_type;  // default derived from kind
};

struct endpoint_config {
  enum class websocket_mode { none, echo };
  std::string method;  // empty = any method
  std::string path;    // literal or template "/users/{id}"; "*" matches everything
  int status = 200;
  latency_config latency;
  body_config body;
  std::map<std::string, std::string> headers;
  fault_config faults;
  std::uint64_t record = 0;  // keep the last N requests (method, target, Content-Type, body) per instance
  // echo: a WebSocket upgrade is accepted and every message is sent back (text stays text);
  // other requests to the endpoint get 426 Upgrade Required.
  websocket_mode websocket = websocket_mode::none;
  source_location where;
};

struct capacity_config {
  int workers = 0;  // 0 = unlimited concurrency (no queueing model)
  int queue = 0;    // requests allowed to wait for a worker; beyond this: 503
};

struct backend_config {
  std::string name;
  int instances = 1;
  std::string address;  // non-empty: an external server "host:port"; Portico starts no mock
  std::string listen = "127.0.0.1:0";  // host for mock instances; port 0 = ephemeral ports
  std::vector<int> weights;            // per-instance weights for weighted LB (default all 1)
  capacity_config capacity;
  std::string health_path = "/health";
  std::vector<endpoint_config> endpoints;
  source_location where;
};

}  // namespace portico::core
