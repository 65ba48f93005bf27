#include "gateway/http/websocket.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace portico::gateway::http {
namespace {

// The head views the parsed bytes: keep every input alive for the whole test program.
request_head parse_head(const std::string& fields, const std::string& request_line = "GET /chat HTTP/1.1") {
  static std::vector<std::unique_ptr<std::string>> inputs;
  inputs.push_back(std::make_unique<std::string>(request_line + "\r\nHost: a\r\n" + fields + "\r\n"));
  request_head r;
  EXPECT_EQ(parse_request(*inputs.back(), {}, r).state, parse_state::complete);
  return r;
}

const std::string valid =
    "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    "Sec-WebSocket-Version: 13\r\n";

TEST(WebSocketUpgrade, AcceptsTheRfcSampleHandshake) {
  const auto c = check_websocket_upgrade(parse_head(valid));
  EXPECT_EQ(c.kind, upgrade_kind::websocket);
}

TEST(WebSocketUpgrade, MatchesTokensCaseInsensitivelyInLists) {
  const auto c = check_websocket_upgrade(parse_head(
      "Connection: keep-alive, UPGRADE\r\nUpgrade: h2c, WebSocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      "Sec-WebSocket-Version: 13\r\n"));
  EXPECT_EQ(c.kind, upgrade_kind::websocket);
}

TEST(WebSocketUpgrade, IgnoresRequestsThatDoNotAskForWebSocket) {
  EXPECT_EQ(check_websocket_upgrade(parse_head("")).kind, upgrade_kind::none);
  EXPECT_EQ(check_websocket_upgrade(parse_head("Connection: Upgrade\r\nUpgrade: h2c\r\n")).kind, upgrade_kind::none);
  // Upgrade without "Connection: upgrade" is not addressed to this hop: an ordinary request.
  EXPECT_EQ(check_websocket_upgrade(parse_head("Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\n")).kind, upgrade_kind::none);
}

struct invalid_case {
  const char* what;
  std::string fields;
  std::string request_line;
  int status;
  const char* code;
};

TEST(WebSocketUpgrade, RefusesEachBrokenRuleWithItsStatusAndCode) {
  const std::string key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
  const std::string version = "Sec-WebSocket-Version: 13\r\n";
  const std::string up = "Connection: Upgrade\r\nUpgrade: websocket\r\n";
  const std::vector<invalid_case> cases{
      {"POST", up + key + version, "POST /chat HTTP/1.1", 400, "websocket_bad_handshake"},
      {"HTTP/1.0", up + key + version, "GET /chat HTTP/1.0", 400, "websocket_bad_handshake"},
      {"a body", up + key + version + "Content-Length: 3\r\n", "GET /chat HTTP/1.1", 400, "websocket_bad_handshake"},
      {"no key", up + version, "GET /chat HTTP/1.1", 400, "websocket_bad_key"},
      {"short key", up + "Sec-WebSocket-Key: dGhlIHNhbXBsZQ==\r\n" + version, "GET /chat HTTP/1.1", 400, "websocket_bad_key"},
      {"key not 16 bytes", up + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZR==\r\n" + version, "GET /chat HTTP/1.1", 400,
       "websocket_bad_key"},
      {"two keys", up + key + key + version, "GET /chat HTTP/1.1", 400, "websocket_bad_key"},
      {"no version", up + key, "GET /chat HTTP/1.1", 426, "websocket_bad_version"},
      {"version 8", up + key + "Sec-WebSocket-Version: 8\r\n", "GET /chat HTTP/1.1", 426, "websocket_bad_version"},
  };
  for (const auto& c : cases) {
    const auto r = check_websocket_upgrade(parse_head(c.fields, c.request_line));
    EXPECT_EQ(r.kind, upgrade_kind::invalid) << c.what;
    EXPECT_EQ(r.status, c.status) << c.what;
    EXPECT_EQ(r.code, c.code) << c.what;
  }
}

TEST(WebSocketUpgrade, RecognisesA101ThatSwitchesToWebSocketOnly) {
  static const std::string yes = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
  static const std::string other = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n";
  static const std::string no_connection = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n";
  response_head r;
  ASSERT_EQ(parse_response(yes, {}, false, r).state, parse_state::complete);
  EXPECT_TRUE(accepts_websocket(r));
  ASSERT_EQ(parse_response(other, {}, false, r).state, parse_state::complete);
  EXPECT_FALSE(accepts_websocket(r));
  ASSERT_EQ(parse_response(no_connection, {}, false, r).state, parse_state::complete);
  EXPECT_FALSE(accepts_websocket(r));
}

// A frame header (RFC 6455 §5.2) for `length` payload bytes, masked or not, then the payload.
std::string frame(unsigned opcode, std::uint64_t length, bool masked, bool fin = true) {
  std::string f;
  f.push_back(static_cast<char>((fin ? 0x80 : 0) | opcode));
  const char mask_bit = masked ? static_cast<char>(0x80) : 0;
  if (length < 126) {
    f.push_back(static_cast<char>(mask_bit | static_cast<char>(length)));
  } else if (length <= 0xffff) {
    f.push_back(static_cast<char>(mask_bit | 126));
    f.push_back(static_cast<char>(length >> 8));
    f.push_back(static_cast<char>(length & 0xff));
  } else {
    f.push_back(static_cast<char>(mask_bit | 127));
    for (int i = 7; i >= 0; --i) f.push_back(static_cast<char>((length >> (8 * i)) & 0xff));
  }
  if (masked) f.append("\x01\x02\x03\x04", 4);
  f.append(static_cast<std::size_t>(length), 'x');
  return f;
}

TEST(FrameCounter, CountsFramesOfEveryLengthForm) {
  const std::string stream = frame(0x1, 5, true) + frame(0x2, 300, true) + frame(0x0, 70000, false, false) + frame(0x9, 0, false) +
                             frame(0x8, 2, true);
  frame_counter counter;
  counter.feed(stream);
  EXPECT_EQ(counter.frames(), 5u);
  EXPECT_EQ(counter.close_frames(), 1u);
}

TEST(FrameCounter, ReassemblesHeadersSplitAcrossReads) {
  const std::string stream = frame(0x2, 70000, true) + frame(0x1, 126, true) + frame(0x8, 0, true);
  for (std::size_t piece : {1u, 3u, 7u, 1000u}) {
    frame_counter counter;
    for (std::size_t at = 0; at < stream.size(); at += piece) counter.feed(std::string_view(stream).substr(at, piece));
    EXPECT_EQ(counter.frames(), 3u) << piece;
    EXPECT_EQ(counter.close_frames(), 1u) << piece;
  }
}

TEST(FrameCounter, DoesNotCountAFrameBeforeItsHeaderIsComplete) {
  const std::string f = frame(0x1, 300, true);
  frame_counter counter;
  counter.feed(std::string_view(f).substr(0, 5));  // 2 + 2 length bytes + 1 of 4 mask bytes
  EXPECT_EQ(counter.frames(), 0u);
  counter.feed(std::string_view(f).substr(5, 3));
  EXPECT_EQ(counter.frames(), 1u);
}

}  // namespace
}  // namespace portico::gateway::http
