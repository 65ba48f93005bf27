#include "core/util/ascii_case.hpp"

#include <gtest/gtest.h>

#include <string>

namespace portico::core {
namespace {

// The byte-at-a-time definition the word-at-a-time one must agree with.
bool reference_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

TEST(AsciiCase, FoldsOnlyLetters) {
  EXPECT_TRUE(iequals("Content-Length", "content-length"));
  EXPECT_TRUE(iequals("X-FORWARDED-PROTO", "x-forwarded-proto"));
  EXPECT_TRUE(iequals("", ""));
  EXPECT_FALSE(iequals("content-length", "content-lengt"));
  EXPECT_FALSE(iequals("content-lengtx", "content-length"));  // the overlapping last word
  // Bytes one case bit apart that are not letters must not match: '@' / '`', '[' / '{', and
  // non-ASCII 0xC1 / 0xE1 (the high bit must not let 0xC1 pass as 'A' + 0x80).
  EXPECT_FALSE(iequals("abcdefg@", "abcdefg`"));
  EXPECT_FALSE(iequals("[abcdefgh", "{abcdefgh"));
  EXPECT_FALSE(iequals("\xC1" "bcdefghij", "\xE1" "bcdefghij"));
  EXPECT_FALSE(iequals("via", "vIb"));
}

// Every pair of bytes, at every position of strings of 1 to 17 bytes (so both the short path
// and the first, middle and overlapping last word of the long one), against the reference.
TEST(AsciiCase, AgreesWithTheByteLoopForEveryBytePairAndPosition) {
  int mismatches = 0;
  for (std::size_t len = 1; len <= 17; ++len) {
    for (std::size_t pos = 0; pos < len; ++pos) {
      std::string a(len, 'k'), b(len, 'K');
      for (int x = 0; x < 256; ++x) {
        for (int y = 0; y < 256; ++y) {
          a[pos] = static_cast<char>(x);
          b[pos] = static_cast<char>(y);
          if (iequals(a, b) != reference_iequals(a, b)) ++mismatches;
        }
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

}  // namespace
}  // namespace portico::core
