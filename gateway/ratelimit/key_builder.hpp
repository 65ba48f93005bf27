#pragma once
// Builds the rate-limit key of a request from the configured parts (rate_limit_config::key):
// client_ip, api_key, client (the authenticated identity), route, header:NAME, claim:NAME.
// Every algorithm and store uses the same key. Each part is length-prefixed ("9:127.0.0.1|"), so
// no value can forge another's key; a missing value is empty (all such requests share a key).
// No parts: one key for everyone. Immutable after construction; thread-safe.
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::gateway {

using name_value = std::pair<std::string_view, std::string_view>;

// Plain inputs from the request context; views must outlive build().
struct request_view {
  std::string_view client_ip;
  std::string_view api_key;
  std::string_view client;
  std::string_view route;
  std::span<const name_value> headers;  // names compared case-insensitively
  std::span<const name_value> claims;   // verified JWT claims, as strings
};

class key_builder {
 public:
  // Throws std::invalid_argument for an unknown part.
  explicit key_builder(const std::vector<std::string>& parts);

  std::string build(const request_view& request) const;
  void build_into(const request_view& request, std::string& out) const;  // reuses out's buffer

 private:
  enum class source { client_ip, api_key, client, route, header, claim };
  struct part {
    source from;
    std::string name;
  };
  std::vector<part> parts_;
};

}  // namespace portico::gateway
