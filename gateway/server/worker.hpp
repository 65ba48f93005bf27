#pragma once
// Internal to gateway/server: everything one proxy thread owns. Only that thread touches it
// (snapshots run as a task posted to the thread), so nothing here is synchronised.
//   - upstream keep-alive pools, per backend instance
//   - one LB instance per route backend entry (LB instances are not thread-safe by contract)
//   - counters per route and per backend instance
//   - a pool of per-request buffers: an idle keep-alive connection holds no buffer, which keeps
//     10k idle connections cheap
//   - the deadline sweep: one timer per thread checks every connection's single deadline
//     (header, idle, upstream, write), instead of arming a timer per I/O operation
#include "gateway/http/message_head.hpp"
#include "gateway/lb/load_balancer.hpp"
#include "gateway/lb/rng.hpp"
#include "gateway/pipeline/request_context.hpp"
#include "gateway/server/gateway_counters.hpp"
#include "gateway/server/gateway_state.hpp"
#include "gateway/upstream/upstream_pool.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

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

class worker {
 public:
  worker(int index, boost::asio::io_context& io, gateway_state& shared);
  ~worker();

  int index() const noexcept { return index_; }
  boost::asio::io_context& io() noexcept { return io_; }
  gateway_state& shared() noexcept { return shared_; }

  upstream_pool& pool(std::size_t backend, std::size_t instance) { return pools_[backend][instance]; }
  load_balancer& lb(std::size_t route_counter_index, std::size_t entry) { return *lbs_[route_counter_index][entry]; }
  gateway_counters& route_counters(std::size_t route_counter_index) { return route_counters_[route_counter_index]; }
  gateway_counters& backend_counters(std::size_t backend, std::size_t instance) { return backend_counters_[backend][instance]; }
  gateway_counters& overall() { return overall_; }
  split_mix64& rng() noexcept { return rng_; }

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
    std::vector<gateway_counters> routes;
    std::vector<std::vector<gateway_counters>> backends;
  };
  counters_copy copy_counters() const;

 private:
  void sweep();

  int index_;
  boost::asio::io_context& io_;
  gateway_state& shared_;
  std::vector<std::vector<upstream_pool>> pools_;
  std::vector<std::vector<std::unique_ptr<load_balancer>>> lbs_;
  std::vector<gateway_counters> route_counters_;
  std::vector<std::vector<gateway_counters>> backend_counters_;
  gateway_counters overall_;
  split_mix64 rng_;
  std::vector<std::unique_ptr<request_buffers>> free_buffers_;
  std::vector<client_session*> sessions_;
  std::unique_ptr<boost::asio::steady_timer> sweep_timer_;
  bool sweeping_ = false;
};

}  // namespace portico::gateway::detail
