#include "loadgen/target.hpp"

#include <netdb.h>

#include <charconv>
#include <cstring>

namespace portico::loadgen {

std::optional<target> parse_target(std::string_view url, std::string* error) {
  auto bad = [&](const std::string& why) {
    *error = "bad URL '" + std::string(url) + "': " + why + " (want http[s]://HOST[:PORT][/PATH])";
    return std::nullopt;
  };
  target t;
  std::string_view rest = url;
  if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
    t.tls = true;
  } else {
    return bad("scheme must be http or https");
  }
  const auto slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    t.path = std::string(rest.substr(slash));
    if (t.path.front() == '?') t.path.insert(0, "/");
  }
  if (authority.find('@') != std::string_view::npos) return bad("user info is not supported");
  std::string_view port_text;
  if (authority.starts_with("[")) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return bad("unclosed '['");
    t.host = std::string(authority.substr(1, close - 1));
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("junk after ']'");
      port_text = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    t.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (t.host.empty()) return bad("missing host");
  t.port = t.tls ? 443 : 80;
  if (!port_text.empty() || authority.ends_with(":")) {
    unsigned value = 0;
    const auto r = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (port_text.empty() || r.ptr != port_text.data() + port_text.size() || value == 0 || value > 65535)
      return bad("bad port '" + std::string(port_text) + "'");
    t.port = static_cast<std::uint16_t>(value);
  }
  const bool ipv6 = t.host.find(':') != std::string::npos;
  t.host_header = (ipv6 ? "[" + t.host + "]" : t.host) + ":" + std::to_string(t.port);

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = getaddrinfo(t.host.c_str(), std::to_string(t.port).c_str(), &hints, &found);
  if (rc != 0 || !found) {
    *error = "cannot resolve host '" + t.host + "': " + gai_strerror(rc);
    return std::nullopt;
  }
  std::memcpy(&t.address, found->ai_addr, found->ai_addrlen);
  t.address_length = found->ai_addrlen;
  freeaddrinfo(found);
  return t;
}

}  // namespace portico::loadgen
