// HdrHistogram V2 encoding (see HdrHistogram's AbstractHistogram.encodeIntoByteBuffer and
// hdr-histogram-js JsHistogram.encoding.ts). Layout, all big-endian:
//   int32 cookie | int32 payload length | int32 normalizing index offset | int32 significant digits
//   | int64 lowest | int64 highest | double integer-to-double ratio | payload
// The payload is the counts array up to the max value's index, each count ZigZag + LEB128-64b9B
// encoded, a run of N > 1 zero counts written as -N.
// Compressed: int32 cookie | int32 deflated length | zlib stream of the above.
#include "core/stats/base64.hpp"
#include "core/stats/histogram.hpp"

#include <zlib.h>

#include <bit>
#include <cstring>

namespace portico::core {
namespace {

constexpr std::uint32_t v2_cookie_base = 0x1c849303;
constexpr std::uint32_t v2_compressed_cookie_base = 0x1c849304;
constexpr std::uint32_t word_size_flag = 0x10;  // "LSBit of word size byte: TLZE encoding"
constexpr std::size_t header_size = 40;
// Largest legitimate payload: 5 digits over the full int64 range is ~6.3M counts of <= 9 bytes.
constexpr std::size_t max_uncompressed = std::size_t{64} << 20;

void put_be(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::uint64_t get_be(const std::uint8_t* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

void put_zigzag(std::vector<std::uint8_t>& out, std::int64_t value) {
  auto v = (static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63);
  for (int i = 0; i < 8; ++i) {
    if ((v >> 7) == 0) {
      out.push_back(static_cast<std::uint8_t>(v));
      return;
    }
    out.push_back(static_cast<std::uint8_t>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(v));  // 9th byte carries the last 8 bits whole
}

// Returns false on truncation.
bool get_zigzag(const std::uint8_t*& p, const std::uint8_t* end, std::int64_t& value) {
  std::uint64_t v = 0;
  int shift = 0;
  for (int i = 0; i < 9; ++i) {
    if (p == end) return false;
    const std::uint8_t byte = *p++;
    if (i == 8) {
      v |= std::uint64_t{byte} << 56;
      break;
    }
    v |= std::uint64_t{byte & 0x7fu} << shift;
    shift += 7;
    if ((byte & 0x80) == 0) break;
  }
  value = static_cast<std::int64_t>((v >> 1) ^ (~(v & 1) + 1));
  return true;
}

bool valid_options(std::int64_t lowest, std::int64_t highest, std::int64_t digits) {
  if (digits < 1 || digits > 5 || lowest < 1 || highest < 2 || highest / 2 < lowest) return false;
  const int unit_magnitude = 63 - __builtin_clzll(static_cast<std::uint64_t>(lowest));
  const int half_magnitudes[] = {0, 4, 7, 11, 14, 17};  // ceil(log2(2 * 10^d)) - 1
  return unit_magnitude + half_magnitudes[digits] <= 61;
}

std::optional<std::vector<std::uint8_t>> inflate_bounded(const std::uint8_t* data, std::size_t size) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) return std::nullopt;
  std::vector<std::uint8_t> out(std::min<std::size_t>(max_uncompressed, size * 8 + 1024));
  stream.next_in = const_cast<std::uint8_t*>(data);  // zlib's API is not const-correct
  stream.avail_in = static_cast<uInt>(size);
  int rc = Z_OK;
  while (rc == Z_OK) {
    if (stream.total_out == out.size()) {
      if (out.size() >= max_uncompressed) break;
      out.resize(std::min(max_uncompressed, out.size() * 2));
    }
    stream.next_out = out.data() + stream.total_out;
    stream.avail_out = static_cast<uInt>(out.size() - stream.total_out);
    rc = inflate(&stream, Z_NO_FLUSH);
  }
  const auto produced = stream.total_out;
  inflateEnd(&stream);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(produced);
  return out;
}

}  // namespace

std::vector<std::uint8_t> histogram::encode_v2() const {
  std::vector<std::uint8_t> out;
  out.reserve(header_size + 64);
  put_be(out, v2_cookie_base | word_size_flag, 4);
  put_be(out, 0, 4);  // payload length, patched below
  put_be(out, 0, 4);  // normalizing index offset: always 0 for integer histograms
  put_be(out, static_cast<std::uint64_t>(options_.significant_digits), 4);
  put_be(out, static_cast<std::uint64_t>(options_.lowest), 8);
  put_be(out, static_cast<std::uint64_t>(options_.highest), 8);
  put_be(out, std::bit_cast<std::uint64_t>(1.0), 8);  // integer-to-double conversion ratio
  // As Java and JS: counts up to the max's index; an empty histogram still writes one (zero) count.
  const std::size_t limit = index_of(total_ == 0 ? 0 : max_) + 1;
  for (std::size_t i = 0; i < limit;) {
    const auto count = counts_[i++];
    if (count != 0) {
      put_zigzag(out, static_cast<std::int64_t>(count));
      continue;
    }
    std::int64_t zeros = 1;
    while (i < limit && counts_[i] == 0) {
      ++zeros;
      ++i;
    }
    put_zigzag(out, zeros > 1 ? -zeros : 0);
  }
  const auto payload = static_cast<std::uint32_t>(out.size() - header_size);
  for (int b = 0; b < 4; ++b) out[4 + static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(payload >> (24 - 8 * b));
  return out;
}

std::vector<std::uint8_t> histogram::encode_v2_compressed() const {
  const auto plain = encode_v2();
  auto bound = compressBound(static_cast<uLong>(plain.size()));
  std::vector<std::uint8_t> out(8 + bound);
  if (compress2(out.data() + 8, &bound, plain.data(), static_cast<uLong>(plain.size()),
                Z_DEFAULT_COMPRESSION) != Z_OK)
    return {};  // only on allocation failure
  out.resize(8 + bound);
  std::vector<std::uint8_t> head;
  put_be(head, v2_compressed_cookie_base | word_size_flag, 4);
  put_be(head, bound, 4);
  std::memcpy(out.data(), head.data(), 8);
  return out;
}

std::string histogram::encode_v2_compressed_base64() const {
  return base64_encode(encode_v2_compressed());
}

std::optional<histogram> histogram::decode_v2(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < header_size) return std::nullopt;
  const auto* p = bytes.data();
  if ((get_be(p, 4) & ~std::uint64_t{0xf0}) != v2_cookie_base) return std::nullopt;
  const auto payload = get_be(p + 4, 4);
  const auto digits = static_cast<std::int64_t>(static_cast<std::int32_t>(get_be(p + 12, 4)));
  const auto lowest = static_cast<std::int64_t>(get_be(p + 16, 8));
  const auto highest = static_cast<std::int64_t>(get_be(p + 24, 8));
  // The normalizing index offset (p + 8) and conversion ratio (p + 32) only matter to
  // DoubleHistogram; hdr-histogram-js and HdrHistogram_c ignore them for integer histograms too.
  if (payload > bytes.size() - header_size || !valid_options(lowest, highest, digits))
    return std::nullopt;
  histogram h(histogram_options{lowest, highest, static_cast<int>(digits)});
  const auto* in = p + header_size;
  const auto* end = in + payload;
  std::size_t index = 0;
  while (in < end) {
    std::int64_t value = 0;
    if (!get_zigzag(in, end, value)) return std::nullopt;
    if (value < 0) {
      const auto zeros = static_cast<std::uint64_t>(-(value + 1)) + 1;  // no overflow at INT64_MIN
      if (zeros > h.counts_.size() - index) return std::nullopt;
      index += zeros;
    } else {
      if (index >= h.counts_.size()) return std::nullopt;
      h.counts_[index++] = static_cast<std::uint64_t>(value);
    }
  }
  h.recompute_extremes();
  return h;
}

std::optional<histogram> histogram::decode_v2_compressed(std::span<const std::uint8_t> bytes) {
  if (bytes.size() < 8) return std::nullopt;
  if ((get_be(bytes.data(), 4) & ~std::uint64_t{0xf0}) != v2_compressed_cookie_base) return std::nullopt;
  const auto length = get_be(bytes.data() + 4, 4);
  if (length > bytes.size() - 8) return std::nullopt;
  const auto plain = inflate_bounded(bytes.data() + 8, length);
  if (!plain) return std::nullopt;
  return decode_v2(*plain);
}

std::optional<histogram> histogram::decode_v2_compressed_base64(std::string_view text) {
  const auto bytes = base64_decode(text);
  if (!bytes) return std::nullopt;
  return decode_v2_compressed(*bytes);
}

}  // namespace portico::core
