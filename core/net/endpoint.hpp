#pragma once
// "host:port" strings as the scenario format and CLI write them, to and from Asio endpoints.
// IPv6 literals are bracketed: "[::1]:8080". Host names are not resolved here (loopback tools).
#include <boost/asio/ip/tcp.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace portico::net {

std::optional<boost::asio::ip::tcp::endpoint> parse_endpoint(std::string_view text);
std::string format_endpoint(const boost::asio::ip::tcp::endpoint& endpoint);

}  // namespace portico::net
