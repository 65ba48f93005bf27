// WebSocket through the gateway on loopback: a Beast client -> the gateway -> a mock backend's
// `websocket: echo` endpoint. Echo of text, binary and a fragmented large message, the close
// handshake, the idle timeout, refusals (route without websocket, bad handshakes) and a backend
// that answers 200 instead of 101; counters in the snapshot and on /metrics.
#include "tests/integration/patterns_fixture.hpp"

#include <boost/asio/connect.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <chrono>
#include <thread>

namespace portico::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using namespace std::chrono_literals;

const std::string ws_yaml =
    "name: ws\n"
    "backends:\n"
    "  chat:\n"
    "    endpoints:\n"
    "      - match: GET /ws\n"
    "        websocket: echo\n"
    "      - match: GET /plain\n"
    "        body: plain\n"
    "gateway:\n"
    "  listeners:\n"
    "    - name: public\n"
    "      routes:\n"
    "        - name: chat\n"
    "          match: {path_prefix: /chat}\n"
    "          rewrite: {strip_prefix: /chat}\n"
    "          backend: chat\n"
    "          websocket: {idle_timeout: 300ms}\n"
    "        - name: http\n"
    "          match: {path_prefix: /http}\n"
    "          rewrite: {strip_prefix: /http}\n"
    "          backend: chat\n";

const std::string upgrade_fields =
    "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

template <typename F>
bool eventually(F&& condition, std::chrono::milliseconds limit = 5s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::yield();
  }
  return condition();
}

// A blocking Beast client with a receive timeout on its socket, so no test can hang.
struct ws_client {
  explicit ws_client(unsigned short port) : ws(io) {
    ws.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
    set_receive_timeout(ws.next_layer(), 5s);
  }
  beast::error_code handshake(const std::string& target) {
    beast::error_code ec;
    ws.handshake(response, "gateway.test", target, ec);
    return ec;
  }
  std::string echo(const std::string& message, bool text) {
    ws.text(text);
    ws.write(asio::buffer(message));
    beast::flat_buffer buffer;
    ws.read(buffer);
    EXPECT_EQ(ws.got_text(), text);
    return beast::buffers_to_string(buffer.data());
  }
  asio::io_context io;
  websocket::stream<asio::ip::tcp::socket> ws;
  websocket::response_type response;
};

using route_snapshot = gateway::route_snapshot;

const route_snapshot& route(const gateway::gateway_snapshot& s, const std::string& name) {
  for (const auto& r : s.routes)
    if (r.name == name) return r;
  throw std::runtime_error("no route " + name);
}

TEST(GatewayWebSocket, EchoesTextAndBinaryMessagesThroughTheTunnel) {
  patterns_fixture f(ws_yaml);
  ws_client c(f.port());
  ASSERT_FALSE(c.handshake("/chat/ws"));
  EXPECT_EQ(c.response.result_int(), 101);
  EXPECT_NE(std::string(c.response["Via"]).find("portico"), std::string::npos);
  EXPECT_EQ(c.echo("hello", true), "hello");
  const std::string binary("\x00\x01\x02\xff\x00 bytes", 10);
  EXPECT_EQ(c.echo(binary, false), binary);
  const auto s = f.server->snapshot();
  const auto& chat = route(s, "chat").counters;
  EXPECT_EQ(chat.ws_upgrades, 1u);
  EXPECT_EQ(chat.ws_active, 1);
  EXPECT_EQ(chat.ws_frames_to_upstream, 2u);
  EXPECT_EQ(chat.ws_frames_to_client, 2u);
  EXPECT_EQ(chat.ws_bytes_to_upstream, (2 + 4 + 5) + (2 + 4 + 10u));  // header, mask, payload
  EXPECT_EQ(chat.by_class[1], 1u);                                    // the handshake is a 101 request
  EXPECT_EQ(s.overall.ws_upgrades, 1u);
}

TEST(GatewayWebSocket, RelaysALargeMessageInManyFramesBothWays) {
  patterns_fixture f(ws_yaml);
  ws_client c(f.port());
  ASSERT_FALSE(c.handshake("/chat/ws"));
  c.ws.auto_fragment(true);
  c.ws.write_buffer_bytes(8192);
  std::string big(200 * 1024, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 131 % 251);
  EXPECT_EQ(c.echo(big, false), big);
  const auto chat = route(f.server->snapshot(), "chat").counters;
  EXPECT_GE(chat.ws_frames_to_upstream, 25u);  // 200 KiB in frames of at most 8 KiB
  EXPECT_GT(chat.ws_frames_to_client, 1u);     // Beast's echo fragments too
  EXPECT_GT(chat.ws_bytes_to_upstream, big.size());
  EXPECT_GT(chat.ws_bytes_to_client, big.size());
}

TEST(GatewayWebSocket, PropagatesTheCloseHandshakeAndEndsTheTunnel) {
  patterns_fixture f(ws_yaml);
  ws_client c(f.port());
  ASSERT_FALSE(c.handshake("/chat/ws"));
  EXPECT_EQ(c.echo("bye soon", true), "bye soon");
  beast::error_code ec;
  c.ws.close(websocket::close_code::normal, ec);  // sends Close, waits for the echoed Close and the FIN
  EXPECT_FALSE(ec) << ec.message();
  ASSERT_TRUE(eventually([&] { return route(f.server->snapshot(), "chat").counters.ws_active == 0; }));
  const auto chat = route(f.server->snapshot(), "chat").counters;
  EXPECT_EQ(chat.ws_frames_to_upstream, 2u);  // the message and the Close
  EXPECT_EQ(chat.ws_frames_to_client, 2u);
  EXPECT_EQ(chat.ws_idle_closes, 0u);
}

TEST(GatewayWebSocket, ClosesATunnelIdleForTheRouteTimeout) {
  patterns_fixture f(ws_yaml);
  ws_client c(f.port());
  ASSERT_FALSE(c.handshake("/chat/ws"));
  beast::flat_buffer buffer;
  beast::error_code ec;
  c.ws.read(buffer, ec);  // nothing is sent: the gateway's 300 ms idle timeout ends the connection
  EXPECT_TRUE(ec && ec != asio::error::would_block && ec != asio::error::try_again) << ec.message();  // not the 5 s guard
  ASSERT_TRUE(eventually([&] { return route(f.server->snapshot(), "chat").counters.ws_active == 0; }));
  EXPECT_EQ(route(f.server->snapshot(), "chat").counters.ws_idle_closes, 1u);
}

TEST(GatewayWebSocket, RefusesAnUpgradeOnARouteWithoutWebSocket) {
  patterns_fixture f(ws_yaml);
  test_client raw(f.port());
  const auto r = raw.request("GET /http/ws HTTP/1.1\r\nHost: t\r\n" + upgrade_fields + "\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_NE(r->body.find("\"websocket_not_allowed\""), std::string::npos);
  ws_client c(f.port());
  EXPECT_EQ(c.handshake("/http/ws"), websocket::error::upgrade_declined);
  EXPECT_EQ(c.response.result_int(), 403);
  const auto s = f.server->snapshot();
  EXPECT_EQ(route(s, "http").counters.ws_refused, 2u);
  EXPECT_EQ(route(s, "http").counters.ws_upgrades, 0u);
  std::uint64_t backend_requests = 0;
  for (const auto& st : f.mock_server->stats()) backend_requests += st.requests;
  EXPECT_EQ(backend_requests, 0u);
}

TEST(GatewayWebSocket, AnswersBadHandshakesWith400AndAnUnknownVersionWith426) {
  patterns_fixture f(ws_yaml);
  test_client raw(f.port());
  const auto bad_key = raw.request(
      "GET /chat/ws HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: short\r\n"
      "Sec-WebSocket-Version: 13\r\n\r\n");
  ASSERT_TRUE(bad_key);
  EXPECT_EQ(bad_key->status, 400);
  EXPECT_NE(bad_key->body.find("websocket_bad_key"), std::string::npos);
  const auto old = raw.request(
      "GET /chat/ws HTTP/1.1\r\nHost: t\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->status, 426);
  EXPECT_EQ(old->header("sec-websocket-version"), "13");
  EXPECT_EQ(route(f.server->snapshot(), "chat").counters.ws_refused, 2u);
}

TEST(GatewayWebSocket, PassesOnTheAnswerOfABackendThatDoesNotUpgrade) {
  patterns_fixture f(ws_yaml);
  test_client raw(f.port());
  const auto r = raw.request("GET /chat/plain HTTP/1.1\r\nHost: t\r\n" + upgrade_fields + "\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "plain");
  EXPECT_EQ(r->header("upgrade"), "");
  EXPECT_FALSE(r->closed);
  const auto next = raw.request("GET /chat/plain HTTP/1.1\r\nHost: t\r\n\r\n");  // still plain HTTP/1.1
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  // A request is counted once its response is written, possibly after the client has read it:
  // wait (bounded) for the second one.
  auto chat = route(f.server->snapshot(), "chat").counters;
  for (int i = 0; i < 2000 && chat.requests < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    chat = route(f.server->snapshot(), "chat").counters;
  }
  EXPECT_EQ(chat.ws_refused, 1u);
  EXPECT_EQ(chat.ws_upgrades, 0u);
  EXPECT_EQ(chat.requests, 2u);
}

TEST(GatewayWebSocket, ExportsTunnelCountersOnMetricsAndInComponents) {
  patterns_fixture f(ws_yaml);
  {
    ws_client c(f.port());
    ASSERT_FALSE(c.handshake("/chat/ws"));
    EXPECT_EQ(c.echo("m", true), "m");
  }
  test_client admin(f.server->admin_endpoint()->port());
  const auto r = admin.request("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_NE(r->body.find("portico_gateway_websocket_upgrades_total{listener=\"public\",route=\"chat\"} 1\n"), std::string::npos);
  EXPECT_NE(r->body.find("portico_gateway_websocket_frames_total{listener=\"public\",route=\"chat\",direction=\"to_upstream\"} 1\n"),
            std::string::npos);
  bool found = false;
  for (const auto& c : f.server->components()) {
    if (c.kind == "route" && c.name == "chat") {
      found = true;
      EXPECT_EQ(c.counters.at("websocket_upgrades"), 1.0);
      EXPECT_EQ(c.counters.at("websocket_bytes_to_upstream"), 2 + 4 + 1.0);
    }
    if (c.kind == "route" && c.name == "http") {
      EXPECT_EQ(c.counters.count("websocket_upgrades"), 0u);
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace portico::testing
