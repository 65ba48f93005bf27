#pragma once
// The load's target URL: http://host[:port][/path] or https://..., resolved once (getaddrinfo;
// numeric and /etc/hosts names, as loopback tools need).
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portico::loadgen {

struct target {
  bool tls = false;
  std::string host;         // without brackets
  std::uint16_t port = 0;
  std::string path = "/";   // default request path when no template names one
  std::string host_header;  // "host:port" as sent in Host
  sockaddr_storage address{};
  socklen_t address_length = 0;
};

// Parses and resolves; on failure returns nullopt and sets *error to a message for the user
// ("bad URL 'x': want http://HOST[:PORT][/PATH]", "cannot resolve host 'nope'").
std::optional<target> parse_target(std::string_view url, std::string* error);

}  // namespace portico::loadgen
