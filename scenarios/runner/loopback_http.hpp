#pragma once
// A one-shot blocking HTTP/1.1 exchange with a local admin API (the mock's /admin/*, the
// gateway's /metrics): connect, send one request with `Connection: close`, read to EOF. Only for
// control traffic of `portico run --processes`, never for load. Deadline covers the whole exchange.
#include <chrono>
#include <optional>
#include <string>

namespace portico::runner {

struct http_reply {
  int status = 0;
  std::string body;
};

// address "127.0.0.1:41234"; nullopt on any connect/read failure, timeout or malformed reply.
// A non-empty bearer token is sent as "Authorization: Bearer TOKEN"; a non-empty body as
// application/json.
std::optional<http_reply> loopback_http(const std::string& address, const std::string& method, const std::string& target,
                                        const std::string& bearer = {},
                                        std::chrono::milliseconds deadline = std::chrono::seconds(5),
                                        const std::string& body = {});

}  // namespace portico::runner
