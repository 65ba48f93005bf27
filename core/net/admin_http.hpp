#pragma once
// A small HTTP/1.1 server session for admin listeners (gateway /metrics, /config, /reload):
// Beast's own parser and messages, because this is not a hot path. Bounded like the data path:
// 8 KiB header, 1 MiB body, 10 s per request. The reply comes from a plain function, so the
// admin API itself is testable without a network.
#include <boost/asio/ip/tcp.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace portico::net {

class connection_tracker;

struct admin_http_request {
  std::string_view method;
  std::string_view target;         // path and query
  std::string_view authorization;  // the Authorization header, empty if absent
  std::string_view body;
};

struct admin_http_reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// Called on the admin socket's own thread; may block (snapshots, reloads): give the admin
// listener its own io_context so that proxy threads are never waited on from themselves.
using admin_http_handler = std::function<admin_http_reply(const admin_http_request&)>;

// Call on the socket's io_context thread. `handler` must outlive the tracker's shutdown.
void start_admin_http_session(boost::asio::ip::tcp::socket socket, const admin_http_handler& handler,
                              connection_tracker& tracker);

}  // namespace portico::net
