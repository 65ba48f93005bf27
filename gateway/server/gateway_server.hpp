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
//   gw.stop(std::chrono::seconds(5));                // stop accepting, finish in-flight, close
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
// snapshot() and components() from any non-I/O thread (snapshot runs a task on every proxy
// thread and waits for it). Constructor throws std::invalid_argument for a config it cannot
// serve (unknown backend, no instances, bad address) and boost::system::system_error when a
// listener cannot bind.
#include "core/config/gateway_config.hpp"
#include "core/results/results.hpp"
#include "core/time/clock.hpp"
#include "gateway/server/gateway_counters.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstdint>
#include <map>
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
  std::map<std::string, std::vector<std::uint32_t>> weights;  // after stop()'s deadline, for aborted ones to unwind
};

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
  std::int64_t outstanding = 0;
  gateway_counters counters;
};

struct gateway_snapshot {
  gateway_counters overall;  // every request, routed or not
  std::vector<route_snapshot> routes;
  std::vector<backend_snapshot> backends;
  std::uint64_t connections_accepted = 0;
  std::size_t connections_active = 0;
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

  std::vector<listener_endpoint> endpoints() const;
  gateway_snapshot snapshot() const;
  // For the runner: kind "route" per route, kind "backend" per instance ("users#0"), and one
  // kind "gateway" named "overall".
  std::vector<core::component_result> components() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace portico::gateway
