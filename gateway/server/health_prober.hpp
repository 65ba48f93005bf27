#pragma once
// Internal to gateway/server: sends one backend's active health probes and feeds them to the pure
// state machine (gateway/health/active_health.hpp), whose healthy flags in the host_set steer
// every load balancer (an unhealthy host is skipped like an ejected one).
//
// One coroutine per instance, all on ONE proxy thread's io_context (so the checker has a single
// owner): wait until next_probe_time(i), send "GET <path>" on a fresh connection with
// "Connection: close" within probe_deadline(start), report a 2xx as success and anything else (a
// refused connect, a timeout, a 503) as failure. A fresh connection per probe costs a handshake
// per interval and is what notices a killed instance at once (connect refused), independently of
// the proxy's keep-alive pools.
//
// Lifetime: the backend_state owns it and shares it with every generation that keeps the backend
// (a reload that leaves addresses and upstream settings alone keeps health state and probing).
// The coroutines hold a reference too; their sockets and timers are frame locals, so nothing in
// here outlives the io_context they run on, whatever order the gateway tears things down in.
// Threading: start() once, while or before the context runs; stop() from any thread while the
// context exists (it posts the cancellation); counters()/transitions() from any thread.
#include "core/config/gateway_config.hpp"
#include "core/time/clock.hpp"
#include "gateway/health/active_health.hpp"
#include "gateway/lb/host_set.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace portico::gateway::detail {

struct health_transition {
  core::time_point at;  // the injected clock's time of the deciding probe result
  std::size_t instance = 0;
  bool healthy = false;
};

class health_prober : public std::enable_shared_from_this<health_prober> {
 public:
  health_prober(const core::health_check_config& config, std::shared_ptr<host_set> hosts,
                std::vector<boost::asio::ip::tcp::endpoint> endpoints, const core::clock& clock);

  void start(boost::asio::io_context& io);
  void stop();

  health_counters counters(std::size_t instance) const;
  std::vector<health_transition> transitions() const;  // oldest first, the latest max_transitions

  static constexpr std::size_t max_transitions = 1000;

 private:
  struct in_flight;  // what stop() cancels for one instance (touched only on the io thread)
  boost::asio::awaitable<void> probe_loop(std::shared_ptr<health_prober> self, std::size_t i);
  boost::asio::awaitable<bool> probe(std::size_t i, core::nanos budget);
  void report(std::size_t i, bool ok);

  std::shared_ptr<host_set> hosts_;  // before checker_, which writes into it
  std::vector<boost::asio::ip::tcp::endpoint> endpoints_;
  std::vector<std::string> requests_;  // the probe request per instance
  const core::clock& clock_;
  boost::asio::io_context* io_ = nullptr;
  std::vector<std::shared_ptr<in_flight>> in_flight_;
  bool stopped_ = false;  // io thread only

  mutable std::mutex mutex_;  // guards checker_ and transitions_ against readers on other threads
  active_health_checker checker_;
  std::vector<health_transition> transitions_;
};

}  // namespace portico::gateway::detail
