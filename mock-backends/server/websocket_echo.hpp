#pragma once
// The `websocket: echo` endpoint behaviour: accepts the WebSocket handshake and sends every message
// back as it came (text stays text, binary binary; Beast fragments large ones), answers pings and
// the close handshake. Kept apart from session.cpp so only this file compiles Beast's websocket.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <functional>
#include <string_view>

namespace portico::mock {

// received: the upgrade request and whatever followed it, as read from `socket`. on_message is
// called after each echoed message (the session re-arms its idle deadline). Returns when the
// connection is over; closing `socket` from elsewhere ends it.
boost::asio::awaitable<void> serve_websocket_echo(boost::asio::ip::tcp::socket& socket, std::string_view received,
                                                  const std::function<void()>& on_message);

}  // namespace portico::mock
