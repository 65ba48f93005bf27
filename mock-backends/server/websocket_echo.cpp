#include "mock-backends/server/websocket_echo.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>

namespace portico::mock {

namespace asio = boost::asio;
namespace websocket = boost::beast::websocket;

namespace {
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t max_message_bytes = 16 * 1024 * 1024;
}  // namespace

asio::awaitable<void> serve_websocket_echo(asio::ip::tcp::socket& socket, std::string_view received,
                                           const std::function<void()>& on_message) {
  // A reference next layer: the session keeps owning the socket, so its abort() still closes it.
  websocket::stream<asio::ip::tcp::socket&> ws(socket);
  ws.read_message_max(max_message_bytes);
  auto [aec] = co_await ws.async_accept(asio::buffer(received.data(), received.size()), nothrow);
  if (aec) co_return;  // Beast has answered the bad handshake with 400 / 426
  boost::beast::flat_buffer buffer;
  while (true) {
    auto [rec, n] = co_await ws.async_read(buffer, nothrow);
    if (rec) co_return;  // websocket::error::closed after the close handshake, or a broken connection
    ws.text(ws.got_text());
    auto [wec, written] = co_await ws.async_write(buffer.data(), nothrow);
    if (wec) co_return;
    buffer.consume(buffer.size());
    on_message();
  }
}

}  // namespace portico::mock
