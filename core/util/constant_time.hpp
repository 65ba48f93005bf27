#pragma once
// Equality of two byte strings in time that depends only on their length, never on where they
// differ (secrets: cached bearer tokens, API key digests). Eight bytes at a time: OpenSSL's
// CRYPTO_memcmp goes byte by byte through a call, which cost ~1k instructions per request for a
// ~150-byte token in the verified-token cache.
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace portico::core {

inline bool constant_time_equal(const void* a, const void* b, std::size_t n) noexcept {
  const auto* x = static_cast<const unsigned char*>(a);
  const auto* y = static_cast<const unsigned char*>(b);
  std::uint64_t diff = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t u, v;
    std::memcpy(&u, x + i, 8);
    std::memcpy(&v, y + i, 8);
    diff |= u ^ v;
    // An empty asm the compiler must assume reads and changes `diff`: it cannot turn the loop
    // into one that stops at the first difference.
    asm volatile("" : "+r"(diff));
  }
  for (; i < n; ++i) {
    diff |= static_cast<std::uint64_t>(x[i] ^ y[i]);
    asm volatile("" : "+r"(diff));
  }
  return diff == 0;
}

}  // namespace portico::core
