#include "core/net/endpoint.hpp"

#include <charconv>

namespace portico::net {

std::optional<boost::asio::ip::tcp::endpoint> parse_endpoint(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == text.size()) return std::nullopt;
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost") host = "127.0.0.1";
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) return std::nullopt;
  boost::system::error_code error;
  auto address = boost::asio::ip::make_address(std::string(host), error);
  if (error) return std::nullopt;
  return boost::asio::ip::tcp::endpoint(address, static_cast<unsigned short>(port));
}

std::string format_endpoint(const boost::asio::ip::tcp::endpoint& endpoint) {
  auto address = endpoint.address();
  std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

}  // namespace portico::net
