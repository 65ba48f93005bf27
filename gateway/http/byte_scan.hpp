#pragma once
// The head parser's inner loops, sixteen bytes at a time. Internal to gateway/http.
//
// Why: parsing was the largest share of the proxy's own instructions (Callgrind, plain proxy:
// ~3.1k of 11k per request). Most of it went to stepping through field values and names one
// byte (or one 8-byte word) at a time, and to a memchr call per line to find the end of the head.
// SSE2 is part of every x86-64 processor, so it needs no dispatch; elsewhere each loop falls back
// to bytes. Each function only reads bytes in [p, end), so a head at the end of a page is safe.
#include "core/util/sse_bytes.hpp"

#include <bit>
#include <cstdint>

namespace portico::gateway::http::detail {

#if defined(__SSE2__)
namespace sse = core::sse;
#endif

// The first byte in [p, end) equal to c, or end.
inline const char* find_byte(const char* p, const char* end, char c) noexcept {
#if defined(__SSE2__)
  for (; end - p >= 16; p += 16)
    if (const unsigned m = sse::bits(sse::equal(sse::load16(p), c))) return p + std::countr_zero(m);
#endif
  while (p < end && *p != c) ++p;
  return p;
}

// The first control byte (below 0x20, or DEL) in [p, end), or end: where a field value stops
// being plain field-vchar / obs-text / SP. The caller judges that byte (HTAB is allowed, CR ends
// the value, the rest are refused).
inline const char* find_control(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
  for (; end - p >= 16; p += 16) {
    const __m128i v = sse::load16(p);
    const __m128i control = _mm_or_si128(sse::at_most(v, 0x1f), sse::equal(v, 0x7f));
    if (const unsigned m = sse::bits(control)) return p + std::countr_zero(m);
  }
#endif
  while (p < end && static_cast<unsigned char>(*p) >= 0x20 && *p != 0x7f) ++p;
  return p;
}

// The first byte in [p, end) that is not a letter, a digit or '-', or end: the bytes nearly every
// field name is made of. The caller carries on from there with the full token table.
inline const char* skip_common_name_bytes(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
  for (; end - p >= 16; p += 16) {
    const __m128i v = sse::load16(p);
    // | 0x20 folds upper-case letters onto lower-case ones (and maps no other byte into a..z).
    const __m128i letter = sse::at_most(_mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8('a')), 25);
    const __m128i digit = sse::at_most(_mm_sub_epi8(v, _mm_set1_epi8('0')), 9);
    const __m128i dash = sse::equal(v, '-');
    const unsigned common = sse::bits(_mm_or_si128(_mm_or_si128(letter, digit), dash));
    if (common != 0xffff) return p + std::countr_one(common);
  }
#endif
  while (p < end) {
    const char c = static_cast<char>(*p | 0x20);
    if (!((c >= 'a' && c <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) break;
    ++p;
  }
  return p;
}

}  // namespace portico::gateway::http::detail
