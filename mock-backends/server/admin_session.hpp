#pragma once
// One HTTP/1.1 connection to the mock's admin listener (Beast's own parser and messages: this is
// not a hot path). Bounded like the data path: 8 KiB header, 64 KiB body, 10 s per request.
#include <boost/asio/ip/tcp.hpp>

namespace portico::net {
class connection_tracker;
}

namespace portico::mock {

class admin_api;

// Call on the socket's own io_context thread.
void start_admin_session(boost::asio::ip::tcp::socket socket, const admin_api& api, net::connection_tracker& tracker);

}  // namespace portico::mock
