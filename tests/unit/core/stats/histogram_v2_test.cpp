#include "core/stats/base64.hpp"
#include "core/stats/histogram.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace portico::core {
namespace {

std::vector<histogram::bucket> buckets_of(const histogram& h) {
  std::vector<histogram::bucket> out;
  h.for_each_bucket([&](const histogram::bucket& b) { out.push_back(b); });
  return out;
}

void expect_same_buckets(const histogram& a, const histogram& b) {
  const auto x = buckets_of(a), y = buckets_of(b);
  ASSERT_EQ(x.size(), y.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_EQ(x[i].lowest_equivalent, y[i].lowest_equivalent);
    EXPECT_EQ(x[i].count, y[i].count);
  }
}

std::uint32_t be32(const std::vector<std::uint8_t>& bytes, std::size_t at) {
  return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
         (std::uint32_t{bytes[at + 2]} << 8) | bytes[at + 3];
}

void put_be32(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

TEST(Base64, MatchesRfc4648Vectors) {
  const std::pair<std::string, std::string> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    const std::vector<std::uint8_t> bytes(plain.begin(), plain.end());
    EXPECT_EQ(base64_encode(bytes), encoded);
    EXPECT_EQ(base64_decode(encoded), bytes);
  }
  EXPECT_EQ(base64_decode("Zm8"), (std::vector<std::uint8_t>{'f', 'o'}));  // unpadded
  EXPECT_FALSE(base64_decode("Zm9v!"));
  EXPECT_FALSE(base64_decode("Z"));
  EXPECT_FALSE(base64_decode("Zm=v"));
  EXPECT_FALSE(base64_decode("Zg==="));
}

TEST(HistogramV2, WritesTheV2HeaderHdrHistogramExpects) {
  histogram h({.lowest = 1000, .highest = 60'000'000'000, .significant_digits = 2});
  h.record(123'456);
  const auto bytes = h.encode_v2();
  ASSERT_GE(bytes.size(), 40u);
  EXPECT_EQ(be32(bytes, 0), 0x1c849313u);  // V2 cookie | word-size flag, as Java writes it
  EXPECT_EQ(be32(bytes, 4), bytes.size() - 40);
  EXPECT_EQ(be32(bytes, 8), 0u);   // normalizing index offset
  EXPECT_EQ(be32(bytes, 12), 2u);  // significant digits
  EXPECT_EQ(be32(bytes, 16), 0u);
  EXPECT_EQ(be32(bytes, 20), 1000u);                   // lowest
  EXPECT_EQ(be32(bytes, 24), 13u);                     // highest, high word
  EXPECT_EQ(be32(bytes, 28), 60'000'000'000u & 0xffffffffu);
  EXPECT_EQ(be32(bytes, 32), 0x3ff00000u);  // 1.0 as an IEEE double
  const auto compressed = h.encode_v2_compressed();
  EXPECT_EQ(be32(compressed, 0), 0x1c849314u);
  EXPECT_EQ(be32(compressed, 4), compressed.size() - 8);
  EXPECT_EQ(h.encode_v2_compressed_base64().substr(0, 5), "HISTF");  // familiar to hlog readers
}

TEST(HistogramV2, RoundTripsRandomHistogramsOfEveryLayout) {
  std::mt19937_64 rng(99);
  for (int digits = 1; digits <= 5; ++digits) {
    for (const std::int64_t lowest : {1LL, 1000LL, 1LL << 20}) {
      SCOPED_TRACE(testing::Message() << "digits " << digits << " lowest " << lowest);
      histogram h({.lowest = lowest, .highest = 3'600'000'000'000, .significant_digits = digits});
      std::lognormal_distribution<double> value(std::log(1e7), 3.0);
      std::uniform_int_distribution<std::uint64_t> count(1, 1'000'000);
      for (int i = 0; i < 3000; ++i)
        h.record(static_cast<std::int64_t>(std::min(value(rng), 3.6e12)), i % 10 == 0 ? count(rng) : 1);
      const auto plain = histogram::decode_v2(h.encode_v2());
      const auto text = histogram::decode_v2_compressed_base64(h.encode_v2_compressed_base64());
      ASSERT_TRUE(plain && text);
      EXPECT_EQ(text->options(), h.options());
      EXPECT_EQ(text->count(), h.count());
      expect_same_buckets(*plain, h);
      expect_same_buckets(*text, h);
      for (const double p : {0.0, 50.0, 99.0, 99.99, 100.0})
        EXPECT_EQ(text->value_at_percentile(p), h.value_at_percentile(p));
      EXPECT_EQ(text->encode_v2(), h.encode_v2());  // decoding loses nothing the format holds
    }
  }
}

TEST(HistogramV2, DecodedExtremesAreTheBucketEdges) {
  histogram h;
  h.record(100'000);
  h.record(5'000'001);
  const auto decoded = histogram::decode_v2(h.encode_v2());
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->min(), h.lowest_equivalent(100'000));
  EXPECT_EQ(decoded->max(), h.highest_equivalent(5'000'001));
}

TEST(HistogramV2, RoundTripsEmptyAndHugeCounts) {
  const histogram empty;
  const auto decoded_empty = histogram::decode_v2_compressed_base64(empty.encode_v2_compressed_base64());
  ASSERT_TRUE(decoded_empty);
  EXPECT_EQ(decoded_empty->count(), 0u);

  histogram huge;  // counts needing every LEB128 byte, including the 9-byte form
  huge.record(0, (1ULL << 62) + 12345);
  huge.record(77, 1ULL << 55);
  const auto decoded = histogram::decode_v2(huge.encode_v2());
  ASSERT_TRUE(decoded);
  expect_same_buckets(*decoded, huge);
}

TEST(HistogramV2, RejectsMalformedInput) {
  histogram h({.lowest = 1, .highest = 1'000'000, .significant_digits = 3});
  for (int v = 1; v < 3000; v += 7) h.record(v);
  const auto good = h.encode_v2();
  ASSERT_TRUE(histogram::decode_v2(good));

  const auto rejected = [](std::vector<std::uint8_t> bytes) { return !histogram::decode_v2(bytes); };
  EXPECT_TRUE(rejected({}));
  EXPECT_TRUE(rejected(std::vector<std::uint8_t>(good.begin(), good.begin() + 39)));  // short header
  EXPECT_TRUE(rejected(std::vector<std::uint8_t>(good.begin(), good.end() - 1)));     // short payload
  auto bad = good;
  bad[3] = 0x04;  // compressed cookie where a plain one belongs
  EXPECT_TRUE(rejected(bad));
  bad = good;
  put_be32(bad, 12, 0);  // significant digits 0
  EXPECT_TRUE(rejected(bad));
  put_be32(bad, 12, 6);
  EXPECT_TRUE(rejected(bad));
  bad = good;
  put_be32(bad, 20, 0);  // lowest 0
  EXPECT_TRUE(rejected(bad));
  bad = good;
  put_be32(bad, 28, 1);  // highest < 2 * lowest
  EXPECT_TRUE(rejected(bad));
  bad = good;
  put_be32(bad, 4, 0x7fffffff);  // payload length beyond the buffer
  EXPECT_TRUE(rejected(bad));

  // Counts that run past the counts array: a zero run of 2^62, then a count.
  bad.assign(good.begin(), good.begin() + 40);
  for (const std::uint8_t b : {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x02}) bad.push_back(b);
  put_be32(bad, 4, 10);
  EXPECT_TRUE(rejected(bad));
  bad.resize(40);
  for (int i = 0; i < 40000; ++i) bad.push_back(0x02);  // more counts than the layout has
  put_be32(bad, 4, 40000);
  EXPECT_TRUE(rejected(bad));
  bad.resize(41);  // a truncated multi-byte varint
  bad[40] = 0x80;
  put_be32(bad, 4, 1);
  EXPECT_TRUE(rejected(bad));

  EXPECT_FALSE(histogram::decode_v2_compressed_base64(""));
  EXPECT_FALSE(histogram::decode_v2_compressed_base64("not base64!"));
  EXPECT_FALSE(histogram::decode_v2_compressed_base64("HISTFAAAAAA="));
  auto compressed = h.encode_v2_compressed();
  compressed.resize(compressed.size() - 4);  // truncated deflate stream
  put_be32(compressed, 4, static_cast<std::uint32_t>(compressed.size() - 8));
  EXPECT_FALSE(histogram::decode_v2_compressed(compressed));
}

TEST(HistogramV2, SurvivesRandomCorruptionWithoutCrashing) {
  histogram h;
  std::mt19937_64 rng(5);
  for (int i = 0; i < 500; ++i) h.record(static_cast<std::int64_t>(rng() % 10'000'000));
  const auto plain = h.encode_v2();
  const auto compressed = h.encode_v2_compressed();
  const auto text = h.encode_v2_compressed_base64();
  int decoded = 0;
  for (int round = 0; round < 2000; ++round) {
    auto p = plain;
    auto c = compressed;
    auto t = text;
    for (int flips = 0; flips < 1 + round % 4; ++flips) {
      p[rng() % p.size()] ^= static_cast<std::uint8_t>(1 + rng() % 255);
      c[rng() % c.size()] ^= static_cast<std::uint8_t>(1 + rng() % 255);
      t[rng() % t.size()] = static_cast<char>(rng() % 128);
    }
    p.resize(rng() % (p.size() + 1));
    // Every outcome is allowed except a crash, a hang or a histogram inconsistent with itself.
    for (const auto& result : {histogram::decode_v2(p), histogram::decode_v2_compressed(c),
                               histogram::decode_v2_compressed_base64(t)}) {
      if (!result) continue;
      ++decoded;
      std::uint64_t total = 0;
      result->for_each_bucket([&](const histogram::bucket& b) { total += b.count; });
      EXPECT_EQ(total, result->count());
    }
  }
  EXPECT_LT(decoded, 6000);  // the corruption did bite
}

}  // namespace
}  // namespace portico::core
