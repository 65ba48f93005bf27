#pragma once
// ASCII case-insensitive equality (HTTP field names, tokens, SNI host names). Exact: only A-Z and
// a-z are folded, every other byte (non-ASCII included) must match as is. Eight bytes at a time:
// the proxy compares field names against fixed names ~20 times per request, and a byte loop
// was ~5 % of its instructions.
#include <cstdint>
#include <cstring>
#include <string_view>

namespace portico::core {

namespace detail {

constexpr std::uint64_t bytes_of(std::uint8_t b) noexcept { return 0x0101010101010101ULL * b; }

// Sets bit 5 of every byte that is 'A'..'Z'. The high bit of each byte is cleared before the
// range tests so that no addition carries into the next byte.
inline std::uint64_t fold_upper(std::uint64_t x) noexcept {
  constexpr std::uint64_t high = bytes_of(0x80);
  const std::uint64_t low7 = x & ~high;
  const std::uint64_t at_least_a = low7 + bytes_of(0x80 - 'A');
  const std::uint64_t above_z = low7 + bytes_of(0x80 - 'Z' - 1);
  const std::uint64_t upper = at_least_a & ~above_z & ~x & high;
  return x | (upper >> 2);
}

inline std::uint64_t load8(const char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace detail

constexpr char ascii_lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline bool iequals(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  if (n < 8) {
    for (std::size_t i = 0; i < n; ++i)
      if (ascii_lower(x[i]) != ascii_lower(y[i])) return false;
    return true;
  }
  auto same8 = [](std::uint64_t u, std::uint64_t v) { return u == v || detail::fold_upper(u) == detail::fold_upper(v); };
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8)
    if (!same8(detail::load8(x + i), detail::load8(y + i))) return false;
  // The last partial word: re-read the final eight bytes (overlapping bytes already matched).
  return i == n || same8(detail::load8(x + n - 8), detail::load8(y + n - 8));
}

}  // namespace portico::core
