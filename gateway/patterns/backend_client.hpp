#pragma once
// A small async HTTP/1.1 client for the stages that call backends themselves instead of handing
// the request to the forwarder: aggregation (parallel calls), composition (sequential calls),
// cache fills and response shaping (one call whose body the stage needs). It round-robins over a
// backend's instances and keeps idle keep-alive connections, per proxy thread, like the
// forwarder's pools (the idle connections belong to the io_context, which closes them when it
// shuts down); it does not retry, eject or circuit-break (those stay the forwarder's job).
//
// Thread-safety: built once; call() runs on proxy thread `thread` (ctx.thread_index, inside
// ctx.io) and touches only that thread's pools, so it takes no lock.
#include "core/time/clock.hpp"
#include "gateway/http/forward_head.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace portico::gateway::patterns {

struct backend_call {
  std::string backend;
  std::string target;              // "/users/7?x=1"
  std::string host;                // Host field; empty: the instance address
  http::header_pairs headers;      // extra request fields (X-Request-Id, traceparent, claims)
  core::nanos timeout{std::chrono::seconds(1)};  // whole exchange, connect included
};

struct backend_reply {
  enum class outcome : std::uint8_t { ok, timeout, connect_failure, io_error, unknown_backend };
  outcome what = outcome::ok;
  int status = 0;
  std::string body;
  std::string content_type;
  std::string cache_control;
  std::string instance;            // "127.0.0.1:9001"
  core::nanos elapsed{0};          // by the injected clock

  bool succeeded() const noexcept { return what == outcome::ok && status >= 200 && status < 300; }
  // "ok", "timeout", "connect_failure", "io_error", "unknown_backend", or "status_503".
  std::string error_name() const;
};

class backend_client {
 public:
  using address_map = std::map<std::string, std::vector<std::string>>;
  // Throws std::invalid_argument for an address that is not "ip:port".
  backend_client(const address_map& addresses, int threads, std::size_t max_idle_per_instance = 32);
  ~backend_client();
  backend_client(const backend_client&) = delete;
  backend_client& operator=(const backend_client&) = delete;

  bool knows(std::string_view backend) const;
  boost::asio::awaitable<backend_reply> call(int thread, const backend_call& c, const core::clock& clock) const;

 private:
  struct thread_pools;
  std::vector<std::string> names_;
  std::vector<std::vector<boost::asio::ip::tcp::endpoint>> endpoints_;  // by backend index
  std::size_t max_idle_;
  std::unique_ptr<thread_pools[]> threads_;  // per proxy thread (mutable by design: see above)
  int thread_count_;
  std::uint64_t id_ = 0;  // names this client's idle connections in each io_context
};

}  // namespace portico::gateway::patterns
