// append_json_escaped against a byte-by-byte reference: every byte value at every position of
// texts of 1 to 40 bytes (clean text of 16 bytes or more is copied in overlapping 16-byte blocks,
// the escaping loop on 8-byte words), and random texts.
#include "core/util/json_escape.hpp"

#include <gtest/gtest.h>

#include <random>

namespace portico::core {
namespace {

std::string reference(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c == 0x7f) {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

TEST(JsonEscape, EscapesQuotesBackslashesControlBytesAndDel) {
  std::string out = "x";
  append_json_escaped(out, std::string("a\"b\\c\n\x01\x7f\xc3\xa9", 10));
  EXPECT_EQ(out, "xa\\\"b\\\\c\\u000a\\u0001\\u007f\xc3\xa9");
}

TEST(JsonEscape, MatchesTheByteByByteReferenceForEveryByteAtEveryPosition) {
  for (std::size_t length = 1; length <= 40; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string text(length, 'a');
        text[at] = static_cast<char>(b);
        std::string out;
        append_json_escaped(out, text);
        ASSERT_EQ(out, reference(text)) << "length " << length << " byte " << b << " at " << at;
      }
    }
  }
}

TEST(JsonEscape, MatchesTheReferenceOnRandomText) {
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string text(rng() % 64, '\0');
    for (char& c : text) c = static_cast<char>(rng() % 4 == 0 ? rng() % 256 : 'a' + rng() % 26);
    std::string out;
    append_json_escaped(out, text);
    ASSERT_EQ(out, reference(text));
  }
}

}  // namespace
}  // namespace portico::core
