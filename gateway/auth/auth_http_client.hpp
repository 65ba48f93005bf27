#pragma once
// The small HTTP/1.1 client the auth stages use to reach an identity provider (token
// introspection, JWKS): one connection per call (callers keep calls rare: a cache, a refresh
// interval), one deadline for the whole exchange, a body size limit, and the answer handed to a
// callback on the client's own I/O thread. Only http://IP:PORT/PATH URLs: no TLS, no name
// resolution. Thread-safe; the destructor stops the I/O thread, so callbacks never outlive the
// client (a call still in flight then is dropped without its callback).
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::gateway {

struct http_answer {
  int status = 0;             // 0: no HTTP answer (connect failure, timeout, bad response)
  std::string body;
  std::string cache_control;  // the answer's Cache-Control, for callers that honour max-age
  std::string error;          // why status is 0
};

struct http_call {
  std::string method = "GET";
  std::vector<std::pair<std::string, std::string>> headers;  // besides Host and Connection
  std::string body;                                          // sent when non-empty
};

class auth_http_client {
 public:
  // field names the config field in the exception: std::invalid_argument for a URL it cannot use.
  auth_http_client(const std::string& url, std::string_view field, std::chrono::milliseconds timeout,
                   std::size_t body_limit = 64 * 1024);
  ~auth_http_client();
  auth_http_client(const auth_http_client&) = delete;
  auth_http_client& operator=(const auth_http_client&) = delete;

  void async_call(http_call call, std::function<void(http_answer)> done);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace portico::gateway
