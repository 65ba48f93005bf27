#include "gateway/auth/introspection_client.hpp"

#include "gateway/auth/base64url.hpp"

namespace portico::gateway {
namespace {

bool unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

}  // namespace

std::string introspection_form(std::string_view token) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out = "token=";
  for (char c : token) {
    if (unreserved(c)) {
      out += c;
    } else {
      out += '%';
      out += hex[static_cast<unsigned char>(c) >> 4];
      out += hex[static_cast<unsigned char>(c) & 15];
    }
  }
  return out + "&token_type_hint=access_token";
}

introspection_client::introspection_client(const std::string& url, std::string client_id, std::string client_secret,
                                           std::chrono::milliseconds timeout)
    : http_(url, "auth.introspection.endpoint", timeout) {
  if (!client_id.empty()) authorization_ = "Basic " + base64_encode(client_id + ":" + client_secret);
}

void introspection_client::async_introspect(std::string_view token, std::function<void(introspection_answer)> done) {
  http_call call;
  call.method = "POST";
  call.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  if (!authorization_.empty()) call.headers.emplace_back("Authorization", authorization_);
  call.body = introspection_form(token);
  http_.async_call(std::move(call), std::move(done));
}

}  // namespace portico::gateway
