#pragma once
// Byte classes of the HTTP grammar (RFC 9110 §5.6.2 tchar, §5.5 field-vchar, RFC 3986 URI
// bytes), as constexpr tables: one load per byte on the hot path. Internal to gateway/http.
#include "core/util/ascii_case.hpp"

#include <array>
#include <cstdint>
#include <string_view>

namespace portico::gateway::http::detail {

enum char_bits : std::uint8_t {
  tchar = 1,        // token
  value_char = 2,   // field-vchar / obs-text / SP / HTAB
  target_char = 4,  // allowed in a request-target (without '%', validated separately)
  host_char = 8,    // reg-name: unreserved / sub-delims (without '%')
  hex_digit = 16,
};

constexpr std::array<std::uint8_t, 256> make_char_table() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    std::uint8_t bits = 0;
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool digit = c >= '0' && c <= '9';
    const std::string_view token_extra = "!#$%&'*+-.^_`|~";
    const std::string_view sub_delims = "!$&'()*+,;=";
    const std::string_view unreserved_extra = "-._~";
    if (alpha || digit || token_extra.find(static_cast<char>(c)) != std::string_view::npos) bits |= tchar;
    if (c == '\t' || (c >= 0x20 && c != 0x7f)) bits |= value_char;
    // RFC 3986 pchar / "/" / "?"; plus the bytes common clients send unescaped in queries
    // ({ } | ^ ` [ ]), which carry no framing meaning. Never: CTL, SP, '"', '#', '<', '>', '\',
    // DEL, non-ASCII.
    if (alpha || digit || unreserved_extra.find(static_cast<char>(c)) != std::string_view::npos ||
        sub_delims.find(static_cast<char>(c)) != std::string_view::npos ||
        std::string_view(":@/?{}|^`[]").find(static_cast<char>(c)) != std::string_view::npos)
      bits |= target_char;
    if (alpha || digit || unreserved_extra.find(static_cast<char>(c)) != std::string_view::npos ||
        sub_delims.find(static_cast<char>(c)) != std::string_view::npos)
      bits |= host_char;
    if (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) bits |= hex_digit;
    t[static_cast<std::size_t>(c)] = bits;
  }
  return t;
}

inline constexpr auto char_table = make_char_table();

constexpr bool is(unsigned char c, char_bits bit) noexcept { return (char_table[c] & bit) != 0; }
constexpr bool is(char c, char_bits bit) noexcept { return is(static_cast<unsigned char>(c), bit); }

using core::ascii_lower;

constexpr bool is_token(std::string_view s) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (!is(c, tchar)) return false;
  return true;
}

constexpr std::string_view trim_ows(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace portico::gateway::http::detail
