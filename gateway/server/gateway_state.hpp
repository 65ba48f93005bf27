#pragma once
// Internal to gateway/server: what the composition root builds once and every proxy thread
// reads. Immutable after construction except for the explicitly shared, synchronised parts
// (host_set atomics, outlier detectors, circuit breakers, retry budgets).
#include "core/config/gateway_config.hpp"
#include "core/time/clock.hpp"
#include "gateway/health/outlier_detector.hpp"
#include "gateway/http/message_head.hpp"
#include "gateway/lb/hash.hpp"
#include "gateway/lb/host_set.hpp"
#include "gateway/pipeline/pipeline.hpp"
#include "gateway/resilience/circuit_breaker.hpp"
#include "gateway/resilience/retry.hpp"
#include "gateway/router/router.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <memory>
#include <string>
#include <vector>

namespace portico::gateway::detail {

struct backend_state {
  std::string name;
  std::vector<boost::asio::ip::tcp::endpoint> endpoints;  // per instance
  std::vector<std::string> addresses;                      // "host:port" per instance
  core::upstream_config config;
  std::unique_ptr<host_set> hosts;
  std::unique_ptr<outlier_detector> outliers;  // null unless enabled
  std::unique_ptr<circuit_breaker> breaker;    // null unless enabled
};

struct route_state {
  const core::route_config* config = nullptr;  // points into gateway_state::config
  std::string name;
  std::vector<std::size_t> backends;  // per weighted entry: index into gateway_state::backends
  retry_policy retry;
  std::unique_ptr<retry_budget> budget;
  hash_policy hash;
  pipeline stages;  // after routing; the forwarder follows
  std::size_t counter_index = 0;  // into a worker's route counters
};

struct listener_state {
  const core::listener_config* config = nullptr;
  boost::asio::ip::tcp::endpoint endpoint;
  std::unique_ptr<gateway::router> routes;
  pipeline before_routing;  // listener-level stages (the routing stage is the last one)
  std::vector<route_state> route_states;
};

struct gateway_state {
  core::gateway_config config;
  const core::clock* clock = nullptr;
  int threads = 1;
  std::uint64_t seed = 1;
  http::parse_limits limits;
  std::vector<backend_state> backends;
  std::vector<listener_state> listeners;
  std::size_t route_count = 0;  // over all listeners
};

}  // namespace portico::gateway::detail
