// Compatibility with a standard HdrHistogram implementation, both ways, against fixtures made by
// tests/fixtures/hdr/make_fixtures.js with hdr-histogram-js (see that file; CI has no npm).
#include "core/results/json_exact.hpp"
#include "core/stats/base64.hpp"
#include "core/stats/histogram.hpp"
#include "tests/support/paths.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <bit>
#include <fstream>
#include <sstream>

namespace portico::core {
namespace {

namespace json = boost::json;

json::value load_fixtures() {
  std::ifstream in(portico::testing::source_path("tests/fixtures/hdr/hdrjs_fixtures.json"));
  std::stringstream text;
  text << in.rdbuf();
  auto value = parse_json_exact(text.str());
  if (!value) throw std::runtime_error("hdrjs_fixtures.json does not parse");
  return *value;
}

std::vector<double> as_doubles(const json::value& v) {
  std::vector<double> out;
  for (const auto& item : v.as_array()) out.push_back(item.to_number<double>());
  return out;
}

// The uncompressed V2 bytes inside a compressed base64 string.
std::vector<std::uint8_t> inflate_v2(const std::string& text) {
  const auto bytes = base64_decode(text);
  if (!bytes || bytes->size() < 8) return {};
  std::vector<std::uint8_t> out(1 << 22);
  uLongf size = out.size();
  if (uncompress(out.data(), &size, bytes->data() + 8, static_cast<uLong>(bytes->size() - 8)) != Z_OK) return {};
  out.resize(size);
  return out;
}

struct fixture_case {
  std::string name;
  histogram_options options;
  std::vector<std::pair<std::int64_t, std::uint64_t>> values;
  json::object hdrjs_summary, portico_decoded_by_hdrjs;
  std::string hdrjs_base64, portico_base64;
};

std::vector<fixture_case> cases(const json::value& root) {
  std::vector<fixture_case> out;
  for (const auto& c : root.at("cases").as_array()) {
    fixture_case f;
    f.name = std::string(c.at("name").as_string());
    f.options = {c.at("lowest").to_number<std::int64_t>(), c.at("highest").to_number<std::int64_t>(),
                 c.at("digits").to_number<int>()};
    for (const auto& pair : c.at("values").as_array())
      f.values.emplace_back(pair.at(0).to_number<std::int64_t>(), pair.at(1).to_number<std::uint64_t>());
    f.hdrjs_summary = c.at("hdrjs_summary").as_object();
    f.portico_decoded_by_hdrjs = c.at("portico_decoded_by_hdrjs").as_object();
    f.hdrjs_base64 = std::string(c.at("hdrjs_base64").as_string());
    f.portico_base64 = std::string(c.at("portico_base64").as_string());
    out.push_back(std::move(f));
  }
  return out;
}

void expect_percentiles(const histogram& h, const std::vector<double>& percentiles,
                        const json::object& expected) {
  const auto values = as_doubles(expected.at("percentiles"));
  ASSERT_EQ(values.size(), percentiles.size());
  for (std::size_t i = 0; i < percentiles.size(); ++i)
    EXPECT_EQ(h.value_at_percentile(percentiles[i]), static_cast<std::int64_t>(values[i]))
        << "p" << percentiles[i];
}

class HdrCompat : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { root_ = new json::value(load_fixtures()); }
  static void TearDownTestSuite() { delete root_; }
  static json::value* root_;
  std::vector<double> percentiles() const { return as_doubles(root_->at("percentiles")); }
};
json::value* HdrCompat::root_ = nullptr;

TEST_F(HdrCompat, FixturesCoverEveryInterestingLayout) { EXPECT_GE(cases(*root_).size(), 8u); }

TEST_F(HdrCompat, OurDecoderReadsHdrHistogramJsEncodings) {
  for (const auto& c : cases(*root_)) {
    SCOPED_TRACE(c.name);
    const auto h = histogram::decode_v2_compressed_base64(c.hdrjs_base64);
    ASSERT_TRUE(h);
    EXPECT_EQ(h->options(), c.options);
    EXPECT_EQ(h->count(), c.hdrjs_summary.at("count").to_number<std::uint64_t>());
    expect_percentiles(*h, percentiles(), c.hdrjs_summary);
    EXPECT_DOUBLE_EQ(h->mean(), c.hdrjs_summary.at("mean").to_number<double>());
    EXPECT_NEAR(h->stddev(), c.hdrjs_summary.at("stddev").to_number<double>(), 1e-9 * (1 + h->stddev()));
    if (h->count() > 0) {  // the V2 format has no max: the decoded one is its bucket's top
      const auto max = c.hdrjs_summary.at("max").to_number<std::int64_t>();
      EXPECT_EQ(h->max(), std::min(h->highest_equivalent(max), c.options.highest));
    }
  }
}

TEST_F(HdrCompat, RecordingTheSameValuesGivesHdrHistogramJsFigures) {
  for (const auto& c : cases(*root_)) {
    SCOPED_TRACE(c.name);
    histogram h(c.options);
    for (const auto& [value, count] : c.values) h.record(value, count);
    EXPECT_EQ(h.count(), c.hdrjs_summary.at("count").to_number<std::uint64_t>());
    // hdr-histogram-js keeps its max with the unit bits set (value | (2^unit_magnitude - 1)).
    const auto unit_mask = static_cast<std::int64_t>(std::bit_floor(static_cast<std::uint64_t>(c.options.lowest))) - 1;
    EXPECT_EQ(h.max() + (h.count() > 0 ? unit_mask : 0), c.hdrjs_summary.at("max").to_number<std::int64_t>());
    expect_percentiles(h, percentiles(), c.hdrjs_summary);
    EXPECT_DOUBLE_EQ(h.mean(), c.hdrjs_summary.at("mean").to_number<double>());
    // Same counts payload byte for byte as hdr-histogram-js (headers differ only in fields
    // readers ignore: hdr-histogram-js writes offset 1 and the ratio as an integer).
    const auto ours = h.encode_v2();
    const auto theirs = inflate_v2(c.hdrjs_base64);
    ASSERT_GE(theirs.size(), 40u);
    EXPECT_EQ(std::vector<std::uint8_t>(ours.begin() + 40, ours.end()),
              std::vector<std::uint8_t>(theirs.begin() + 40, theirs.end()));
    EXPECT_EQ(std::vector<std::uint8_t>(ours.begin(), ours.begin() + 8),
              std::vector<std::uint8_t>(theirs.begin(), theirs.begin() + 8));
  }
}

TEST_F(HdrCompat, HdrHistogramJsReadsOurEncodingToTheSameFigures) {
  for (const auto& c : cases(*root_)) {
    SCOPED_TRACE(c.name);
    histogram h(c.options);
    for (const auto& [value, count] : c.values) h.record(value, count);
    // The fixture's portico_base64 is what this encoder wrote when hdr-histogram-js decoded it
    // (portico_decoded_by_hdrjs): the encoder must still produce the same V2 bytes...
    EXPECT_EQ(h.encode_v2(), inflate_v2(c.portico_base64));
    EXPECT_EQ(inflate_v2(h.encode_v2_compressed_base64()), h.encode_v2());
    // ...and what hdr-histogram-js read from them equals our own figures.
    const auto& read = c.portico_decoded_by_hdrjs;
    EXPECT_EQ(read.at("count").to_number<std::uint64_t>(), h.count());
    expect_percentiles(h, percentiles(), read);
    EXPECT_DOUBLE_EQ(read.at("mean").to_number<double>(), h.mean());
  }
}

}  // namespace
}  // namespace portico::core
