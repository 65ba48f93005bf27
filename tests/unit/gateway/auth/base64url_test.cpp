#include "gateway/auth/base64url.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

TEST(Base64Url, RoundTripsEveryLengthWithoutPadding) {
  std::string bytes;
  for (int n = 0; n < 40; ++n) {
    const std::string text = base64url_encode(bytes);
    EXPECT_EQ(text.find('='), std::string::npos);
    EXPECT_EQ(base64url_decode(text), bytes) << n;
    bytes += static_cast<char>(n * 37 + 251);
  }
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");  // the URL-safe characters
}

TEST(Base64Url, RejectsPaddingForeignCharactersAndNonCanonicalForms) {
  for (const char* bad : {"QQ==", "QQ=", "a+b/", "ab c", "A", "QR", "QUJ", "QUJDRA=", "ab\n", "a.b"}) {
    EXPECT_FALSE(base64url_decode(bad)) << bad;
  }
  EXPECT_EQ(base64url_decode("QQ"), "A");
  EXPECT_EQ(base64url_decode("QUI"), "AB");  // "QUJ" differs only in bits that encode nothing
}

TEST(Base64, DecodesPaddedStandardBase64) {
  EXPECT_EQ(base64_decode("dXNlcjpwYXNz"), "user:pass");
  EXPECT_EQ(base64_decode("YQ=="), "a");
  EXPECT_EQ(base64_encode("a"), "YQ==");
  EXPECT_FALSE(base64_decode("YQ"));
  EXPECT_FALSE(base64_decode("Y-_="));
}

}  // namespace
}  // namespace portico::gateway
