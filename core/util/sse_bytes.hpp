#pragma once
// Byte tests sixteen at a time, for the scanning loops of the HTTP parser and the JSON escaper.
// SSE2 is part of every x86-64 processor, so callers need no dispatch; they guard their use with
// `#if defined(__SSE2__)` and keep a byte loop for other targets.
#if defined(__SSE2__)
#include <emmintrin.h>

namespace portico::core::sse {

inline __m128i load16(const char* p) noexcept { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
inline void store16(char* p, __m128i v) noexcept { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v); }

// A mask of the bytes equal to c.
inline __m128i equal(__m128i v, char c) noexcept { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); }

// A mask of the bytes <= limit, compared as unsigned (SSE2 has only signed compares; the unsigned
// minimum does it: min(b, limit) == b).
inline __m128i at_most(__m128i v, char limit) noexcept { return _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(limit)), v); }

// Bit i set when byte i of the mask is set.
inline unsigned bits(__m128i mask) noexcept { return static_cast<unsigned>(_mm_movemask_epi8(mask)); }

}  // namespace portico::core::sse
#endif
