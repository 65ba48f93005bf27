#pragma once
// WebSocket at the proxy (RFC 6455): recognising an opening handshake in a parsed request head and
// its acceptance in a response head, and counting the frames of a relayed byte stream without
// changing it (the proxy tunnels bytes; it neither unmasks nor re-frames, so extensions such as
// permessage-deflate pass end to end). Thread-safety: functions are pure; a frame_counter belongs
// to one direction of one tunnel.
#include "gateway/http/message_head.hpp"

#include <array>
#include <cstdint>
#include <string_view>

namespace portico::gateway::http {

enum class upgrade_kind : std::uint8_t {
  none,       // no WebSocket asked for: no "Upgrade: websocket" with "Connection: upgrade" (an
              // Upgrade field is then hop-by-hop and dropped, as for any other protocol)
  websocket,  // a valid opening handshake (RFC 6455 §4.2.1)
  invalid,    // asks for websocket but breaks another rule of the handshake
};

struct upgrade_check {
  upgrade_kind kind = upgrade_kind::none;
  int status = 0;           // invalid: 400, or 426 for a Sec-WebSocket-Version other than 13 (§4.4)
  std::string_view code;    // invalid: machine-readable reason ("websocket_bad_key", ...)
  std::string_view reason;  // invalid: human-readable
};

upgrade_check check_websocket_upgrade(const request_head& r) noexcept;

// A 101 that switches to websocket: "Upgrade: websocket" and a Connection "upgrade" option.
// Sec-WebSocket-Accept is left to the client, which holds the key (the proxy forwards it intact).
bool accepts_websocket(const response_head& r) noexcept;

// Counts the frames of one direction as bytes pass by, from the frame headers (RFC 6455 §5.2):
// payload bytes are skipped, never buffered, and a header split across reads is reassembled.
class frame_counter {
 public:
  void feed(std::string_view bytes) noexcept;
  std::uint64_t frames() const noexcept { return frames_; }
  std::uint64_t close_frames() const noexcept { return close_frames_; }

 private:
  std::array<unsigned char, 14> header_{};  // 2 + 8 (extended length) + 4 (masking key) at most
  std::size_t header_have_ = 0;
  std::uint64_t payload_left_ = 0;
  std::uint64_t frames_ = 0;
  std::uint64_t close_frames_ = 0;
};

}  // namespace portico::gateway::http
