#pragma once
// The inside of a JSON string literal: `"` and `\` escaped, control characters and DEL as
// \u00XX (text from requests is attacker-shaped: never raw control bytes in a log or document);
// bytes >= 0x80 are copied as they are (UTF-8 passes through). One copy for every JSON writer
// that does not build a DOM (access log, span export, mock bodies).
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
}  // namespace detail

inline void append_json_escaped(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::size_t plain = 0;  // start of the run not copied yet
  std::size_t i = 0;
  while (i < text.size()) {
    // Most text needs no escaping: skip it 8 bytes at a time.
    if (text.size() - i >= 8) {
      std::uint64_t w;
      std::memcpy(&w, text.data() + i, 8);
      if (!detail::word_needs_escape(w)) {
        i += 8;
        continue;
      }
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) {
      ++i;
      continue;
    }
    out.append(text.data() + plain, i - plain);
    plain = ++i;
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else {
      out.append("\\u00");
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  out.append(text.data() + plain, text.size() - plain);
}

}  // namespace portico::core
