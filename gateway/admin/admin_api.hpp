#pragma once
// The gateway's admin API as a pure request -> reply function (the socket side is
// core/net/admin_http), so it is testable without a network.
//
//   GET  /metrics   Prometheus text format (admin/prometheus.hpp)
//   GET  /config    the running gateway config as JSON (secrets redacted)
//   GET  /health    {"status":"ok","generation":N}; never needs the token (probes)
//   GET  /components  {"components":[...]}: gateway_server::components() in results.json's
//                   format (core/results/results_json.hpp), for `portico run --processes`
//   GET  /health-events  {"events":[{"at_ns","instance","address","healthy"}]}: the active health
//                   checks' transitions (gateway_server::health_events(); at_ns on the gateway's
//                   clock, the host's CLOCK_MONOTONIC for `portico gateway`)
//   POST /reload    re-reads the configuration source (or, with a body {"file":"x.yaml"}, the
//                   gateway section of that scenario file) and swaps it in; 200 with the new
//                   generation and notes (what state was kept or reset), or 422 with the loader's / builder's errors (the running config
//                   stays); 501 when the gateway has no configuration source (in-process use)
//
// With a token configured, every request but /health needs "Authorization: Bearer <token>"
// (401 otherwise). Unknown path 404, wrong method 405. Thread-safety: handle() may run on any
// thread that is not a proxy thread (snapshots wait for the proxy threads).
#include "core/net/admin_http.hpp"
#include "gateway/server/gateway_server.hpp"

#include <functional>
#include <string>

namespace portico::gateway {

struct admin_sources {
  std::function<gateway_snapshot()> snapshot;
  std::function<std::string()> config_json;
  std::function<reload_result(const std::string& file)> reload;  // file "": the origin
  std::function<bool()> reloadable;  // false: POST /reload answers 501 (no configuration source)
  std::function<std::uint64_t()> generation;  // cheap: /health must not wait for proxy threads
  std::function<std::vector<core::component_result>()> components;
  std::function<std::vector<health_event>()> health_events;
};

class admin_api {
 public:
  admin_api(admin_sources sources, std::string token) : sources_(std::move(sources)), token_(std::move(token)) {}
  net::admin_http_reply handle(const net::admin_http_request& request) const;

 private:
  admin_sources sources_;
  std::string token_;
};

}  // namespace portico::gateway
