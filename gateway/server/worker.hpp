#pragma once
// Internal to gateway/server: everything one proxy thread owns. Only that thread touches it
// (snapshots run as a task posted to the thread), so nothing here is synchronised.
//   - per generation (worker_generation): upstream keep-alive pools per backend instance, one
//     LB instance per route backend entry (LB instances are not thread-safe by contract)
//   - counters per route and per backend instance, by metric id (they survive reloads)
//   - a pool of per-request buffers: an idle keep-alive connection holds no buffer, which keeps
//     10k idle connections cheap
//   - the deadline sweep: one timer per thread checks every connection's single deadline
//     (header, idle, upstream, write), instead of arming a timer per I/O operation
#include "gateway/http/message_head.hpp"
#include "gateway/lb/load_balancer.hpp"
#include "core/util/split_mix64.hpp"
#include "gateway/pipeline/request_context.hpp"
#include "gateway/server/gateway_counters.hpp"
#include "gateway/server/gateway_state.hpp"
#include "gateway/upstream/upstream_pool.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <deque>

#include <memory>
#include <string>
#include <vector>

namespace portico::gateway::detail {

// Buffers and parsed state of one request in flight, recycled through the worker.
struct request_buffers {
  request_buffers(std::size_t in_size, std::size_t up_size) : in(in_size), up(up_size) {}
  std::vector<char> in;  // from the client: head, then body chunks
  std::size_t in_begin = 0, in_end = 0;
  std::vector<char> up;  // from the upstream: head, then body chunks
  std::size_t up_begin = 0, up_end = 0;
  std::string out;       // serialised heads (and re-encoded chunks)
  http::request_head request;
  http::response_head response;
  request_context ctx;
};

class client_session;

// This thread's view of one generation. Sessions hold it (shared) for the request in flight, so
// the pools and LB instances of a replaced generation live until its last request ends. Pools of
// a backend the new generation reuses unchanged are shared, so keep-alive connections survive.
struct worker_generation {
  std::shared_ptr<const generation> shared;
  std::vector<std::shared_ptr<std::vector<upstream_pool>>> pools;  // by backend, then instance
  std::vector<std::vector<std::unique_ptr<load_balancer>>> lbs;    // by route position, then entry
};

class worker {
 public:
  worker(int index, boost::asio::io_context& io, gateway_state& shared);
  ~worker();

  int index() const noexcept { return index_; }
  boost::asio::io_context& io() noexcept { return io_; }
  gateway_state& shared() noexcept { return shared_; }

  // Makes `g` current for new requests (call on this worker's thread, or before it runs).
  void install(std::shared_ptr<const generation> g);
  const std::shared_ptr<worker_generation>& current() const noexcept { return current_; }
  // By metric id. std::deque: references stay valid while install() appends new ids.
  gateway_counters& route_counters(std::size_t id) { return route_counters_[id]; }
  gateway_counters& backend_counters(std::size_t id) { return backend_counters_[id]; }
  gateway_counters& overall() { return overall_; }
  tls_counters& tls(std::size_t listener) {  // listeners are fixed for the process
    if (tls_.size() <= listener) tls_.resize(listener + 1);
    return tls_[listener];
  }
  core::split_mix64& rng() noexcept { return rng_; }

  std::unique_ptr<request_buffers> take_buffers();
  void give_back(std::unique_ptr<request_buffers> b);

  // Sessions with a deadline; the sweep calls client_session::on_deadline_check().
  void track(client_session* s);
  void untrack(client_session* s);
  void start_sweep();
  void stop_sweep();
  void close_pools();
  // After the threads stopped, before the io_context is destroyed: drops timers and sockets.
  void release_io();

  // Copies of the counters (call on this worker's thread).
  struct counters_copy {
    gateway_counters overall;
    std::vector<gateway_counters> routes;    // by metric id
    std::vector<gateway_counters> backends;  // by metric id
    std::vector<tls_counters> tls;           // by listener index (may be shorter: none yet)
  };
  counters_copy copy_counters() const;

 private:
  void sweep();

  int index_;
  boost::asio::io_context& io_;
  gateway_state& shared_;
  std::shared_ptr<worker_generation> current_;
  std::deque<gateway_counters> route_counters_;
  std::deque<gateway_counters> backend_counters_;
  gateway_counters overall_;
  std::deque<tls_counters> tls_;
  core::split_mix64 rng_;
  std::vector<std::unique_ptr<request_buffers>> free_buffers_;
  std::vector<client_session*> sessions_;
  std::unique_ptr<boost::asio::steady_timer> sweep_timer_;
  bool sweeping_ = false;
  int sweeps_since_flush_ = 0;
};

}  // namespace portico::gateway::detail
