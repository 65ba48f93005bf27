#include "core/util/constant_time.hpp"

#include <gtest/gtest.h>

#include <string>

namespace portico::core {
namespace {

TEST(ConstantTimeEqual, EqualStringsOfEveryLengthAreEqual) {
  for (std::size_t n = 0; n <= 72; ++n) {
    std::string a(n, 'x'), b(n, 'x');
    for (std::size_t i = 0; i < n; ++i) a[i] = b[i] = static_cast<char>('a' + i % 26);
    EXPECT_TRUE(constant_time_equal(a.data(), b.data(), n)) << n;
  }
}

// One flipped bit anywhere (a 16-byte block, a word after the blocks, the overlapping last word,
// the bytes of a string shorter than a word) is found.
TEST(ConstantTimeEqual, EverySingleBitDifferenceIsFound) {
  int missed = 0;
  for (std::size_t n = 1; n <= 72; ++n) {
    for (std::size_t pos = 0; pos < n; ++pos) {
      for (int bit = 0; bit < 8; ++bit) {
        std::string a(n, '\x5a'), b = a;
        b[pos] = static_cast<char>(b[pos] ^ (1 << bit));
        if (constant_time_equal(a.data(), b.data(), n)) ++missed;
      }
    }
  }
  EXPECT_EQ(missed, 0);
}

}  // namespace
}  // namespace portico::core
