#pragma once
// A minimal asynchronous Redis client (RESP2 over one TCP connection) for the global rate-limit
// store. Commands are pipelined: each is written as soon as possible and replies are matched in
// order. It connects lazily, fails every outstanding command on a timeout or a broken
// connection, and after a failed connect fails new commands at once for `reconnect_backoff`
// (so a dead Redis costs the gateway nothing per request). Thread-safe: async_command may be
// called from any thread; handlers run on the client's strand.
// Chosen over hiredis: the gateway already runs Asio, and one pipelined connection with a
// deadline is ~200 lines; hiredis would need an Asio adapter of its own.
#include "gateway/ratelimit/redis/resp.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace portico::gateway::redis {

struct client_options {
  boost::asio::ip::tcp::endpoint endpoint;
  std::chrono::milliseconds connect_timeout{200};
  std::chrono::milliseconds command_timeout{200};
  std::chrono::milliseconds reconnect_backoff{500};
  std::size_t max_reply_buffer = 4 << 20;
};

using reply_handler = std::function<void(boost::system::error_code, reply)>;

class client {
 public:
  client(boost::asio::any_io_executor executor, client_options options);
  ~client();
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  // Sends one command; `done` is called exactly once, with an error_code on failure (a Redis
  // error reply is not an error_code: it arrives as reply::kind::error).
  void async_command(std::vector<std::string> args, reply_handler done);
  // Fails everything outstanding and closes the connection; later commands reconnect.
  void close();

  const client_options& options() const noexcept { return options_; }

 private:
  struct state;
  client_options options_;
  std::shared_ptr<state> state_;
};

}  // namespace portico::gateway::redis
