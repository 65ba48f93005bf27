#pragma once
// In-process mock backends: every backend of a scenario (without an external `address`), each
// with N instances on their own ports, plus one admin listener for the whole server.
//
//   mock::mock_server server(scenario, {.threads = 2});
//   server.start();                                   // listening once this returns
//   for (auto& e : server.endpoints()) use(e.name, e.endpoint);   // "users#0" -> 127.0.0.1:41234
//   server.set_state("users", 1, {.failed = true});   // what the admin API does
//   auto stats = server.stats();                      // counters per instance
//   auto got = server.recorded("collector");           // requests kept by `record: N` endpoints
//   server.stop(std::chrono::seconds(5));             // stop accepting, finish in-flight, close
//
// Thread-safety: construct/start/stop from one controlling thread; endpoints(), set_state(),
// state(), stats() from any thread at any time after start(). Constructor throws
// std::invalid_argument for configuration it cannot serve and boost::system::system_error when a
// port cannot be bound.
#include "core/config/scenario_config.hpp"
#include "mock-backends/server/request_log.hpp"

#include <boost/asio/ip/tcp.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::mock {

struct server_options {
  int threads = 1;                         // I/O threads (one io_context each)
  std::optional<std::uint64_t> seed;       // default: the scenario's seed
  std::vector<std::string> backends;       // only these backends; empty = all of them
  // Overrides every served backend's `listen`: "HOST" or "HOST:PORT". With a non-zero port,
  // instances get consecutive ports from it (in backend order, then instance order).
  std::string listen;
  std::string admin = "127.0.0.1:0";       // empty = no admin listener
  std::string admin_token;                 // non-empty: admin requests need "Authorization: Bearer <token>"
  // Request limits: beyond them the client gets 431 / 413 / 400 and the connection is closed.
  std::size_t max_header_bytes = 8 * 1024;
  std::uint64_t max_body_bytes = 1024 * 1024;
  std::chrono::milliseconds header_timeout{10'000};  // from a request's first byte to its last header byte
  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive connection with no request
  std::chrono::milliseconds write_timeout{30'000};   // a response the client does not read
};

// What the admin API (or the runner's timed events) can change on one instance at run time.
struct instance_state {
  bool failed = false;           // answer every request (health included) with fail_status ...
  int fail_status = 503;
  bool fail_by_reset = false;    // ... or reset the connection instead
  bool unhealthy = false;        // only the health endpoint answers 503
  std::chrono::nanoseconds extra_latency{0};  // "slow": added to every sampled latency
};

struct instance_stats {
  std::string backend;
  int instance = 0;
  std::string name;     // "backend#i"
  std::string address;  // "127.0.0.1:41234"
  std::uint64_t connections = 0;
  std::uint64_t requests = 0;                  // complete requests routed (health checks included)
  std::array<std::uint64_t, 6> by_class{};     // responses by status class: [1]=1xx ... [5]=5xx, [0]=other
  std::uint64_t faults_injected = 0;
  std::uint64_t queue_rejections = 0;          // 503 because the capacity queue was full
  std::uint64_t bad_requests = 0;              // 400/413/431 before routing
  std::int64_t in_flight = 0;
  int busy_workers = 0;                        // capacity model: requests holding a worker
  int queue_depth = 0;
  int max_queue_depth = 0;
  instance_state state;
};

struct endpoint_info {
  std::string name;  // "backend#i"
  std::string backend;
  int instance = 0;
  boost::asio::ip::tcp::endpoint endpoint;
};

class mock_server {
 public:
  explicit mock_server(const core::scenario_config& scenario, server_options options = {});
  ~mock_server();  // stop(1s) if still running
  mock_server(const mock_server&) = delete;
  mock_server& operator=(const mock_server&) = delete;

  void start();
  // Stops accepting, lets requests in flight finish (idle connections close at once), and after
  // the deadline aborts the rest. True if everything finished in time. Idempotent.
  bool stop(std::chrono::milliseconds deadline);

  std::vector<endpoint_info> endpoints() const;
  std::optional<boost::asio::ip::tcp::endpoint> admin_endpoint() const;

  // instance -1 = every instance of the backend. False if no such backend/instance.
  bool set_state(std::string_view backend, int instance, const instance_state& state);
  std::optional<instance_state> state(std::string_view backend, int instance) const;
  std::vector<instance_stats> stats() const;
  // Requests kept by the backend's recording endpoints (`record: N`), instance by instance.
  std::vector<recorded_request> recorded(std::string_view backend) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace portico::mock
