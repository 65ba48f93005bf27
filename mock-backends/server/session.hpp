#pragma once
// The HTTP/1.1 connection of a mock instance. Starts itself and lives until the connection ends;
// registered with the server's connection tracker for drain/abort at shutdown.
#include <boost/asio/ip/tcp.hpp>

namespace portico::net {
class connection_tracker;
}

namespace portico::mock {

class instance;
struct server_options;

struct session_env {
  instance& target;
  const server_options& options;
  net::connection_tracker& tracker;
  int thread;  // index of the io_context (and counter shard / RNG) this connection lives on
};

// Call on the socket's own io_context thread.
void start_session(boost::asio::ip::tcp::socket socket, const session_env& env);

}  // namespace portico::mock
