#include "gateway/http/websocket.hpp"


namespace portico::gateway::http {

namespace {

std::string_view trim(std::string_view v) noexcept {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

// True when the comma-separated list holds `token` (case-insensitive), in any field of `kind`.
bool list_has(const message_head& h, field_kind kind, std::string_view token) noexcept {
  if (!h.has(kind)) return false;
  for (std::size_t i = 0; i < h.field_count; ++i) {
    if (h.fields[i].kind != kind) continue;
    std::string_view v = h.fields[i].value;
    while (!v.empty()) {
      const auto comma = v.find(',');
      if (iequals(trim(v.substr(0, comma)), token)) return true;
      v = comma == std::string_view::npos ? std::string_view{} : v.substr(comma + 1);
    }
  }
  return false;
}

std::size_t count_fields(const message_head& h, std::string_view name) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < h.field_count; ++i) n += iequals(h.fields[i].name, name) ? 1 : 0;
  return n;
}

bool connection_upgrade(const message_head& h) noexcept {
  for (std::size_t i = 0; i < h.connection_token_count; ++i)
    if (iequals(h.connection_tokens[i], "upgrade")) return true;
  return false;
}

bool base64_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// §4.1: the key is 16 random bytes, base64-encoded: 22 characters and "==", where the 22nd
// character carries only 2 bits of the last byte (A, Q, g or w).
bool valid_key(std::string_view k) noexcept {
  if (k.size() != 24 || k[22] != '=' || k[23] != '=') return false;
  for (std::size_t i = 0; i < 22; ++i)
    if (!base64_char(k[i])) return false;
  return k[21] == 'A' || k[21] == 'Q' || k[21] == 'g' || k[21] == 'w';
}

upgrade_check invalid(int status, std::string_view code, std::string_view reason) noexcept {
  return {upgrade_kind::invalid, status, code, reason};
}

}  // namespace

upgrade_check check_websocket_upgrade(const request_head& r) noexcept {
  // Without "Connection: upgrade" the Upgrade field was not meant for this hop (RFC 9110 §7.8):
  // it is dropped as hop-by-hop and the request is an ordinary one.
  if (!list_has(r, field_kind::upgrade, "websocket") || !connection_upgrade(r)) return {};
  if (r.method != "GET") return invalid(400, "websocket_bad_handshake", "a WebSocket handshake is a GET");
  if (r.version < 11) return invalid(400, "websocket_bad_handshake", "a WebSocket handshake needs HTTP/1.1");
  if (r.framing != body_framing::none) return invalid(400, "websocket_bad_handshake", "a WebSocket handshake has no body");
  if (count_fields(r, "sec-websocket-key") != 1 || !valid_key(r.get("sec-websocket-key")))
    return invalid(400, "websocket_bad_key", "Sec-WebSocket-Key must be one base64-encoded 16-byte value");
  if (count_fields(r, "sec-websocket-version") != 1 || r.get("sec-websocket-version") != "13")
    return invalid(426, "websocket_bad_version", "only Sec-WebSocket-Version 13 is supported");
  return {upgrade_kind::websocket, 0, {}, {}};
}

bool accepts_websocket(const response_head& r) noexcept {
  return r.status == 101 && list_has(r, field_kind::upgrade, "websocket") && connection_upgrade(r);
}

void frame_counter::feed(std::string_view bytes) noexcept {
  while (!bytes.empty()) {
    if (payload_left_ > 0) {
      const auto skip = payload_left_ < bytes.size() ? static_cast<std::size_t>(payload_left_) : bytes.size();
      payload_left_ -= skip;
      bytes.remove_prefix(skip);
      continue;
    }
    header_[header_have_++] = static_cast<unsigned char>(bytes.front());
    bytes.remove_prefix(1);
    if (header_have_ < 2) continue;
    const unsigned len7 = header_[1] & 0x7fu;
    const std::size_t need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + ((header_[1] & 0x80u) ? 4 : 0);
    if (header_have_ < need) continue;
    std::uint64_t length = len7;
    if (len7 >= 126) {
      length = 0;
      for (std::size_t i = 2; i < (len7 == 126 ? 4u : 10u); ++i) length = (length << 8) | header_[i];
    }
    ++frames_;
    if ((header_[0] & 0x0fu) == 0x8u) ++close_frames_;
    payload_left_ = length;
    header_have_ = 0;
  }
}

}  // namespace portico::gateway::http
