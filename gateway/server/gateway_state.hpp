#pragma once
// Internal to gateway/server: what the composition root builds from a config and every proxy
// thread reads. A `generation` is built once per config (start, then each reload) and is
// immutable after construction except for the explicitly shared, synchronised parts (host_set
// atomics, outlier detectors, circuit breakers, retry budgets). A request holds the generation
// it started on until it ends, so a reload never changes the routes or backends under it.
#include "core/config/gateway_config.hpp"
#include "core/time/clock.hpp"
#include "gateway/admin/access_log.hpp"
#include "gateway/health/outlier_detector.hpp"
#include "gateway/http/message_head.hpp"
#include "gateway/lb/hash.hpp"
#include "gateway/lb/host_set.hpp"
#include "gateway/pipeline/carried_state.hpp"
#include "gateway/pipeline/pipeline.hpp"
#include "gateway/resilience/circuit_breaker.hpp"
#include "gateway/resilience/retry.hpp"
#include "gateway/router/router.hpp"
#include "gateway/server/health_prober.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace portico::gateway::detail {

// Shared between generations while its addresses, weights and upstream settings stay the same,
// so a reload keeps health, ejections, breaker state and warm upstream connections.
struct backend_state {
  std::string name;
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;  // per instance
  std::vector<std::string> addresses;                      // "host:port" per instance
  core::upstream_config config;
  std::string signature;                 // equal signature: reusable by a reload
  std::vector<std::size_t> metric_ids;   // per instance: into a worker's backend counters
  std::shared_ptr<host_set> hosts;             // shared with the prober, which may outlive this
  std::unique_ptr<outlier_detector> outliers;  // null unless enabled
  std::shared_ptr<health_prober> prober;       // null unless health_check is enabled
  std::unique_ptr<circuit_breaker> breaker;    // null unless enabled
};

struct route_state {
  const core::route_config* config = nullptr;  // points into generation::config
  std::string name;
  std::vector<std::size_t> backends;  // per weighted entry: index into generation::backends
  retry_policy retry;
  std::unique_ptr<retry_budget> budget;
  hash_policy hash;
  pipeline stages;  // after routing; the forwarder follows
  std::size_t counter_index = 0;  // metric id: into a worker's route counters (stable across reloads)
  std::size_t position = 0;       // over the generation's routes: into a worker's LB instances
};

struct listener_state {
  const core::listener_config* config = nullptr;
  std::unique_ptr<gateway::router> routes;
  pipeline before_routing;  // listener-level stages (the routing stage is the last one)
  std::vector<route_state> route_states;
};

struct generation {
  std::uint64_t number = 1;
  core::gateway_config config;
  std::map<std::string, std::vector<std::string>> backend_addresses;  // as given (stages read it)
  std::vector<std::shared_ptr<backend_state>> backends;
  std::vector<listener_state> listeners;
  std::size_t route_count = 0;           // over all listeners
  std::size_t route_metrics = 0;         // metric ids in use when built (workers size counters)
  std::size_t backend_metrics = 0;
  carried_state carried;           // stage state the next generation may take over (rate limiters)
  std::vector<std::string> notes;  // what building it kept or reset of the previous one's state
};

// Metric identities outlive generations: a route or backend instance keeps its counters across
// reloads when its name (and address) stay, and removed ones keep their totals.
struct metric_registry {
  struct route_key {
    std::string listener, route;
  };
  struct backend_key {
    std::string backend, address;
    int instance = 0;
  };
  std::vector<route_key> routes;
  std::vector<backend_key> backends;
  std::size_t route_id(const std::string& listener, const std::string& route);
  std::size_t backend_id(const std::string& backend, int instance, const std::string& address);

 private:
  std::map<std::string, std::size_t> route_index_, backend_index_;
};

// Process-lifetime state: fixed at construction (limits size the per-connection buffers, so
// they are not reloadable), plus the current generation.
struct gateway_state {
  const core::clock* clock = nullptr;
  int threads = 1;
  std::uint64_t seed = 1;
  http::parse_limits limits;
  core::gateway_limits_config timeouts;  // header / idle timeouts (from the first config)
  std::unique_ptr<access_log> log;       // null unless gateway.access_log (not reloadable)

  mutable std::mutex mutex;  // guards current and metrics (not touched on the request path)
  std::shared_ptr<const generation> current;
  metric_registry metrics;
};

}  // namespace portico::gateway::detail
