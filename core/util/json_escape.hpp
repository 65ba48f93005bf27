#pragma once
// The inside of a JSON string literal: `"` and `\` escaped, control characters and DEL as
// \u00XX (text from requests is attacker-shaped: never raw control bytes in a log or document);
// bytes >= 0x80 are copied as they are (UTF-8 passes through). One copy for every JSON writer
// that does not build a DOM (access log, span export, mock bodies).
#include "core/util/sse_bytes.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace portico::core {

namespace detail {
// Whether any of the 8 bytes in `w` is < 0x20, '"', '\\' or 0x7f (the bit tricks are exact for
// "any": a false positive can only sit above a true one, and the caller re-checks byte by byte).
constexpr bool word_needs_escape(std::uint64_t w) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  const auto has_zero = [](std::uint64_t x) { return ((x - ones) & ~x & highs) != 0; };
  const bool below_space = ((w - ones * 0x20) & ~w & highs) != 0;
  return below_space || has_zero(w ^ (ones * '"')) || has_zero(w ^ (ones * '\\')) || has_zero(w ^ (ones * 0x7f));
}
// The same test for one byte, as a table: the short strings of a log line (a method, a name, an
// address) are mostly shorter than a word and go through here byte by byte.
inline constexpr auto escaped_byte = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[static_cast<std::size_t>(c)] = c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
  return t;
}();

#if defined(__SSE2__)
// Copies the n >= 16 bytes at s to p when none needs escaping, the usual case for the longer
// strings (paths, ids); false, with p's bytes undefined, otherwise. Sixteen bytes are tested and
// copied at once, the last block overlapping the one before. Shorter strings stay with the byte
// loop below: a call and two 8-byte tests cost them more than it.
inline bool copy_if_clean(char* p, const char* s, std::size_t n) noexcept {
  const auto block = [&](std::size_t at) {
    const __m128i v = sse::load16(s + at);
    const __m128i special = _mm_or_si128(_mm_or_si128(sse::at_most(v, 0x1f), sse::equal(v, 0x7f)),
                                         _mm_or_si128(sse::equal(v, '"'), sse::equal(v, '\\')));
    if (sse::bits(special) != 0) return false;
    sse::store16(p + at, v);
    return true;
  };
  for (std::size_t i = 0; i + 16 <= n; i += 16)
    if (!block(i)) return false;
  return block(n - 16);
}
#endif
}  // namespace detail

// Writes the escaped text at p, which must have room for 6 * text.size() bytes; returns the end.
inline char* write_json_escaped(char* p, std::string_view text) noexcept {
  static constexpr char hex[] = "0123456789abcdef";
#if defined(__SSE2__)
  if (text.size() >= 16 && detail::copy_if_clean(p, text.data(), text.size())) return p + text.size();
#endif
  const char* s = text.data();
  const char* const end = s + text.size();
  while (s < end) {
    // Most text needs no escaping: copy it 8 bytes at a time.
    if (end - s >= 8) {
      std::uint64_t w;
      std::memcpy(&w, s, 8);
      if (!detail::word_needs_escape(w)) {
        std::memcpy(p, &w, 8);
        p += 8;
        s += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(*s++);
    if (!detail::escaped_byte[c]) {
      *p++ = static_cast<char>(c);
      continue;
    }
    *p++ = '\\';
    if (c == '"' || c == '\\') {
      *p++ = static_cast<char>(c);
    } else {
      std::memcpy(p, "u00", 3);
      p[3] = hex[c >> 4];
      p[4] = hex[c & 15];
      p += 5;
    }
  }
  return p;
}

inline void append_json_escaped(std::string& out, std::string_view text) {
  const std::size_t old = out.size();
  out.resize(old + 6 * text.size());
  out.resize(static_cast<std::size_t>(write_json_escaped(out.data() + old, text) - out.data()));
}

}  // namespace portico::core
