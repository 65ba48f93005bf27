#pragma once
// The reference gateway's data plane, in process: the composition root that builds routers,
// pipelines, load balancers, resilience state and upstream pools from a gateway_config and serves
// HTTP/1.1 on the configured listeners.
//
//   gateway::gateway_server gw(scenario.gateway, {{"users", {"127.0.0.1:9001", "127.0.0.1:9002"}}},
//                              {.threads = 2});
//   gw.start();                                      // listening once this returns
//   for (auto& l : gw.endpoints()) use(l.name, l.endpoint);
//   auto snap = gw.snapshot();                       // per route / per backend instance counters
//   auto parts = gw.components();                    // the same as core::component_result
//   auto r = gw.reload(new_config);                  // routes/backends swapped, or r.errors
//   gw.stop(std::chrono::seconds(5));                // stop accepting, finish in-flight, close
//
// Reload (why this shape): a config builds an immutable generation; each proxy thread swaps its
// pointer to the newest one on its own thread, and a request keeps the generation it started on
// until it ends, so nothing in flight changes under it and no request is refused during the
// switch. Backends whose addresses and settings are unchanged are carried over with their
// health, ejection and breaker state and their warm keep-alive connections; rate limiters whose
// configuration (algorithm, limits, keying) is unchanged keep their per-key state, so a reload
// never hands clients a fresh budget (reload_result::notes says what was kept or reset; Redis
// limiters keep their state in Redis anyway). Listeners (names
// and addresses), threads and limits are fixed for the process: changing them is rejected.
//
// Threading (why): one io_context per thread (core/net/io_pool) and ONE acceptor handing each
// connection to the next context round-robin (core/net/listener explains why not SO_REUSEPORT).
// A client connection, its pipeline run and every upstream connection it uses live on that one
// thread: upstream keep-alive pools, LB instances, counters and buffers are per thread, so the
// hot path takes no lock and shares no cache line, and a connection never migrates. State that
// must be global is small and explicit: host health/ejection/outstanding counters (atomics in
// host_set), outlier detectors and circuit breakers (their own mutex, only when enabled), retry
// budgets (atomics). The price: per-thread pools hold up to max_idle connections per backend
// instance per thread, and round robin is per thread.
//
// Thread-safety: construct, start() and stop() from one controlling thread; endpoints(),
// snapshot(), components() and reload() from any non-I/O thread (snapshot runs a task on every proxy
// thread and waits for it). Constructor throws std::invalid_argument for a config it cannot
// serve (unknown backend, no instances, bad address) and boost::system::system_error when a
// listener cannot bind.
#include "core/config/gateway_config.hpp"
#include "core/results/results.hpp"
#include "core/time/clock.hpp"
#include "gateway/health/active_health.hpp"
#include "gateway/server/gateway_counters.hpp"
#include "gateway/server/stage_reports.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

namespace portico::gateway {

// Backend name -> instance addresses "host:port" (in instance order). Backends with `address:`
// in the config need no entry (the address is used, several may be comma-separated).
using backend_endpoints = std::map<std::string, std::vector<std::string>>;

struct gateway_options {
  int threads = 0;                        // 0: the config's `threads`
  const core::clock* clock = nullptr;     // nullptr: steady clock (used for policy decisions)
  std::string listen;                     // non-empty: overrides the first listener's address
  std::uint64_t seed = 1;                 // LB / retry jitter PRNG seeds (per thread: seed + i)
  std::chrono::milliseconds drain_grace{200};
  // Per-instance weights for weighted LB (backend name -> weights in instance order; default 1).
  std::map<std::string, std::vector<std::uint32_t>> weights;
  std::optional<std::string> admin;  // overrides the config's `admin` address; "" = no admin listener
};

struct reload_result {
  bool ok = false;
  std::vector<std::string> errors;  // "file:line:col: path: message" from the loader, or the builder's
  std::uint64_t generation = 0;     // the generation serving after the call
  // Accepted reloads: which state carried over and which was reset, e.g.
  // "public/users: rate-limit state kept (limiter unchanged)".
  std::vector<std::string> notes;
};

// Re-reads the config from its origin (the scenario file) for POST /reload and SIGHUP: the new
// config and backend addresses, or the loader's errors. `file` non-empty: the gateway section of
// that scenario file instead (POST /reload {"file": ...}; `portico run --processes` applies a
// scenario's reload event so).
struct reload_source_result {
  std::optional<core::gateway_config> config;
  backend_endpoints backends;
  std::vector<std::string> errors;
};
using reload_source = std::function<reload_source_result(const std::string& file)>;

struct listener_endpoint {
  std::string name;
  boost::asio::ip::tcp::endpoint endpoint;
};

struct route_snapshot {
  std::string listener;
  std::string name;
  gateway_counters counters;
};

struct backend_snapshot {
  std::string backend;
  int instance = 0;
  std::string name;     // "users#0"
  std::string address;  // "127.0.0.1:9001"
  bool healthy = true;
  bool ejected = false;
  bool in_config = true;          // false: removed by a reload (counters are its totals)
  std::uint32_t times_ejected = 0;
  std::string breaker;            // "closed" | "open" | "half_open"; empty: no breaker
  std::int64_t outstanding = 0;
  std::optional<health_counters> health;  // active health checks of the generation serving now
  gateway_counters counters;
};

struct listener_tls_snapshot {
  std::string listener;
  tls_counters counters;
};

struct gateway_snapshot {
  gateway_counters overall;  // every request, routed or not
  std::vector<route_snapshot> routes;
  std::vector<backend_snapshot> backends;
  std::vector<listener_tls_snapshot> tls;  // listeners with tls, in config order
  std::uint64_t connections_accepted = 0;
  std::size_t connections_active = 0;
  std::uint64_t generation = 1;
  std::uint64_t reloads_ok = 0, reloads_rejected = 0;
  bool access_log = false;  // gateway.access_log is set: the two counters below mean something
  std::uint64_t access_log_written = 0, access_log_dropped = 0;  // lines (dropped: writer too far behind, or a failed write)
  stage_reports stages;  // limiters, auth, patterns, caches, tracing
};

// A backend instance changing state by active health checks.
struct health_event {
  core::time_point at;  // the gateway's clock (gateway_options::clock)
  std::string instance;  // "users#1"
  std::string address;
  bool healthy = false;  // the new state
};

class gateway_server {
 public:
  gateway_server(const core::gateway_config& config, const backend_endpoints& backends, gateway_options options = {});
  ~gateway_server();  // stop(1s) if still running
  gateway_server(const gateway_server&) = delete;
  gateway_server& operator=(const gateway_server&) = delete;

  void start();
  // Stops accepting, lets requests in flight finish (idle keep-alive connections close at once),
  // aborts what is left at the deadline. True if everything finished in time. Idempotent.
  bool stop(std::chrono::milliseconds deadline);

  // Swaps in a new configuration of routes and backends (see above); on errors the running one
  // stays. backends: instance addresses for the new config (default: those given so far).
  reload_result reload(const core::gateway_config& config);
  reload_result reload(const core::gateway_config& config, const backend_endpoints& backends);
  void set_reload_source(reload_source source);  // for POST /reload and reload_from_source()
  reload_result reload_from_source(const std::string& file = {});

  std::vector<listener_endpoint> endpoints() const;
  // The admin listener's address (config `admin`, loopback by default), if it serves one.
  std::optional<boost::asio::ip::tcp::endpoint> admin_endpoint() const;
  core::gateway_config running_config() const;  // a copy of the generation serving now
  gateway_snapshot snapshot() const;
  // For the runner: kind "route" per route, kind "backend" per instance ("users#0"), one kind
  // "gateway" named "overall", kind "tls" per TLS listener (handshake counters), and the stages'
  // own counters (stage_reports.hpp).
  std::vector<core::component_result> components() const;
  // Health transitions of the backends serving now, oldest first (the latest 1000 per backend).
  std::vector<health_event> health_events() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace portico::gateway
