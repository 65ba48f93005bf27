#pragma once
// The HTTP side of token introspection (RFC 7662 §2.1): POST the token as a form to the
// endpoint, authenticated with the gateway's client_id/secret (HTTP Basic), and hand the answer
// to a callback on the client's own I/O thread. One connection per call (the cache keeps calls
// rare), a deadline per call. Only http://host:port/path URLs: no TLS, no name resolution.
// Thread-safe; the destructor stops the I/O thread, so callbacks never outlive the client.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace portico::gateway {

struct introspection_answer {
  int status = 0;     // 0: no HTTP answer (connect failure, timeout, bad response)
  std::string body;
  std::string error;  // why status is 0
};

class introspection_client {
 public:
  // Throws std::invalid_argument for a URL it cannot use.
  introspection_client(const std::string& url, std::string client_id, std::string client_secret,
                       std::chrono::milliseconds timeout = std::chrono::seconds(2));
  ~introspection_client();

  void async_introspect(std::string_view token, std::function<void(introspection_answer)> done);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// "token=<percent-encoded token>&token_type_hint=access_token"
std::string introspection_form(std::string_view token);

}  // namespace portico::gateway
