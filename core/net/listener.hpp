#pragma once
// A TCP accept loop shared by the gateway, the mock backends and anything else that serves.
//
// Design: ONE acceptor (on one io_context of the pool) hands each accepted connection to the next
// io_context round-robin; the socket is made (registered with that context's reactor) on that
// context's thread, and the accept handler runs there, so everything the connection does stays
// on one thread. Chosen over one
// SO_REUSEPORT acceptor per context because (1) port 0 just works — there is one port to report;
// (2) no other process can bind the same port and steal connections; (3) the kernel's REUSEPORT
// hash spreads a handful of long-lived benchmark connections unevenly, round-robin does not;
// (4) with keep-alive, accepts are rare, so one accepting thread is never the bottleneck.
//
// Thread-safety: construct, start() and stop() from one controlling thread; the handler is called
// on the accepted socket's own io_context thread.
#include "core/net/io_pool.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <functional>
#include <memory>

namespace portico::net {

struct listener_options {
  int backlog = 1024;
  bool no_delay = true;       // TCP_NODELAY on accepted sockets: request/response traffic
  int accept_context = 0;     // the io_context that runs the acceptor
};

class listener {
 public:
  // context_index: which io_context of the pool the socket belongs to (for per-thread state).
  using accept_handler = std::function<void(boost::asio::ip::tcp::socket socket, int context_index)>;

  // Binds and listens immediately (throws boost::system::system_error if it cannot: a start-up
  // error), but accepts only after start().
  listener(io_pool& pool, const boost::asio::ip::tcp::endpoint& endpoint, accept_handler handler,
           listener_options options = {});
  ~listener();
  listener(const listener&) = delete;
  listener& operator=(const listener&) = delete;

  // The bound address (with the real port when 0 was asked for).
  boost::asio::ip::tcp::endpoint local_endpoint() const { return local_; }
  void start();
  // Stops accepting and closes the listening socket; established connections are not touched.
  // Safe to call more than once, from any thread; returns after the acceptor is closed.
  void stop();
  std::uint64_t accepted() const noexcept { return accepted_->load(std::memory_order_relaxed); }

 private:
  struct state;
  std::shared_ptr<state> state_;
  boost::asio::ip::tcp::endpoint local_;
  std::shared_ptr<std::atomic<std::uint64_t>> accepted_;
};

}  // namespace portico::net
