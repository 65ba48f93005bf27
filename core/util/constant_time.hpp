#pragma once
// Equality of two byte strings in time that depends only on their length, never on where they
// differ (secrets: cached bearer tokens, API key digests). Sixteen bytes at a time, the last ones
// in an overlapping word: OpenSSL's CRYPTO_memcmp goes byte by byte through a call, which cost
// ~1k instructions per request for a ~150-byte token in the verified-token cache.
#include "core/util/sse_bytes.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace portico::core {

inline bool constant_time_equal(const void* a, const void* b, std::size_t n) noexcept {
  const auto* x = static_cast<const char*>(a);
  const auto* y = static_cast<const char*>(b);
  std::uint64_t diff = 0;
  std::size_t i = 0;
  // Each `asm volatile("")` below is an empty asm the compiler must assume reads and changes the
  // accumulated difference: it cannot turn a loop into one that stops at the first difference.
#if defined(__SSE2__)
  __m128i wide = _mm_setzero_si128();
  for (; i + 16 <= n; i += 16) {
    wide = _mm_or_si128(wide, _mm_xor_si128(sse::load16(x + i), sse::load16(y + i)));
    asm volatile("" : "+x"(wide));
  }
  diff = sse::bits(sse::equal(wide, 0)) ^ 0xffffu;  // a bit per byte that differed somewhere
#endif
  const auto word_diff = [&](std::size_t at) {
    std::uint64_t u, v;
    std::memcpy(&u, x + at, 8);
    std::memcpy(&v, y + at, 8);
    return u ^ v;
  };
  for (; i + 8 <= n; i += 8) {
    diff |= word_diff(i);
    asm volatile("" : "+r"(diff));
  }
  if (i < n && n >= 8) {
    diff |= word_diff(n - 8);  // the last bytes, in a word overlapping the one before
  } else {
    for (; i < n; ++i) {
      diff |= static_cast<std::uint64_t>(static_cast<unsigned char>(x[i] ^ y[i]));
      asm volatile("" : "+r"(diff));
    }
  }
  return diff == 0;
}

}  // namespace portico::core
