#pragma once
// Keep-alive connections to ONE backend instance, owned by ONE proxy thread (no locks): a LIFO
// stack of idle connections (the most recently used is the most likely to be alive and warm).
// The proxy takes a connection per request, connects it if new, and gives it back when the
// exchange ended cleanly; at most max_idle are kept, the rest are closed. A pooled connection
// the backend has closed meanwhile is discovered on reuse; the proxy then retries once on a fresh
// connection when nothing of the response arrived and the request can be replayed.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <memory>
#include <vector>

namespace portico::gateway {

struct upstream_connection {
  explicit upstream_connection(boost::asio::io_context& io) : socket(io) {}
  boost::asio::ip::tcp::socket socket;
  std::uint64_t requests = 0;  // completed exchanges on this connection
};

class upstream_pool {
 public:
  upstream_pool(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint endpoint, std::size_t max_idle)
      : io_(&io), endpoint_(endpoint), max_idle_(max_idle) {}

  // An idle connection, or nullptr when none is pooled.
  std::unique_ptr<upstream_connection> take_idle() {
    if (idle_.empty()) return nullptr;
    auto c = std::move(idle_.back());
    idle_.pop_back();
    return c;
  }
  // A new, unconnected connection.
  std::unique_ptr<upstream_connection> make() { return std::make_unique<upstream_connection>(*io_); }
  // Pools a connection whose last exchange ended cleanly (closes it when the pool is full).
  void give_back(std::unique_ptr<upstream_connection> c) {
    if (idle_.size() < max_idle_ && c->socket.is_open()) idle_.push_back(std::move(c));
  }
  void close_all() { idle_.clear(); }

  const boost::asio::ip::tcp::endpoint& endpoint() const noexcept { return endpoint_; }
  std::size_t idle() const noexcept { return idle_.size(); }

 private:
  boost::asio::io_context* io_;
  boost::asio::ip::tcp::endpoint endpoint_;
  std::size_t max_idle_;
  std::vector<std::unique_ptr<upstream_connection>> idle_;
};

}  // namespace portico::gateway
