#pragma once
// The first attempt of a write, made at once. Most writes of a proxy or a mock server fit in the
// socket's send buffer: sent here, they cost one system call and no suspension, where
// async_write costs a frame for its initiation, a pass through the scheduler and a resumption
// (Callgrind, gateway: ~1k instructions a write). Needs a socket in non-blocking mode
// (socket.non_blocking(true)); what did not fit stays in the buffers, for an async_write:
//
//   std::array<asio::const_buffer, 2> bufs{head, body};
//   auto ec = net::send_now(socket, bufs);
//   if (!ec && net::unsent(bufs) > 0) std::tie(ec, std::ignore) = co_await asio::async_write(socket, bufs, nothrow);
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <algorithm>
#include <array>
#include <cstddef>

namespace portico::net {

// Sends what the socket takes now (one system call) and advances `buffers` past it. A full send
// buffer is not an error.
template <std::size_t N>
boost::system::error_code send_now(boost::asio::ip::tcp::socket& s, std::array<boost::asio::const_buffer, N>& buffers) {
  boost::system::error_code ec;
  std::size_t sent = s.write_some(buffers, ec);
  if (ec == boost::asio::error::would_block || ec == boost::asio::error::try_again) {
    ec = {};
    sent = 0;
  }
  for (auto& b : buffers) {
    const std::size_t k = std::min(sent, b.size());
    b += k;
    sent -= k;
  }
  return ec;
}

template <std::size_t N>
std::size_t unsent(const std::array<boost::asio::const_buffer, N>& buffers) noexcept {
  return boost::asio::buffer_size(buffers);
}

}  // namespace portico::net
