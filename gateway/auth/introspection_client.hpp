#pragma once
// The HTTP side of token introspection (RFC 7662 §2.1): POST the token as a form to the
// endpoint, authenticated with the gateway's client_id/secret (HTTP Basic), and hand the answer
// to a callback on the client's own I/O thread (auth_http_client: one connection per call, the
// cache keeps calls rare; a deadline per call; http://IP:PORT/PATH only). Thread-safe.
#include "gateway/auth/auth_http_client.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace portico::gateway {

using introspection_answer = http_answer;

class introspection_client {
 public:
  // Throws std::invalid_argument for a URL it cannot use.
  introspection_client(const std::string& url, std::string client_id, std::string client_secret,
                       std::chrono::milliseconds timeout = std::chrono::seconds(2));

  void async_introspect(std::string_view token, std::function<void(introspection_answer)> done);

 private:
  auth_http_client http_;
  std::string authorization_;  // "Basic ..." or empty
};

// "token=<percent-encoded token>&token_type_hint=access_token"
std::string introspection_form(std::string_view token);

}  // namespace portico::gateway
