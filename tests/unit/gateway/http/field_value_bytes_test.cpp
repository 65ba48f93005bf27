// Field values are checked eight bytes at a time (field_section.cpp): every byte value, at every
// position of values of 1 to 20 bytes (inside the first word, across words, in the last partial
// one), must be judged as the byte-by-byte grammar says: field-vchar, obs-text, SP and HTAB pass;
// CR is a bare CR; any other control byte or DEL is refused.
#include "gateway/http/message_head.hpp"

#include <gtest/gtest.h>

#include <string>

namespace portico::gateway::http {
namespace {

bool allowed_in_value(int b) { return b == '\t' || (b >= 0x20 && b != 0x7f); }

TEST(FieldValueBytes, EveryByteAtEveryPositionIsJudgedAsTheGrammarSays) {
  int wrong = 0;
  for (std::size_t length = 1; length <= 20; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string value(length, 'v');
        value[at] = static_cast<char>(b);
        const std::string raw = "GET / HTTP/1.1\r\nHost: a.test\r\nX-Value: " + value + "\r\nAccept: */*\r\n\r\n";
        request_head r;
        const auto result = parse_request(raw, {}, r);
        const bool ok = result.state == parse_state::complete;
        if (ok != allowed_in_value(b)) {
          ++wrong;
          continue;
        }
        if (ok) {
          // Leading and trailing SP/HTAB are trimmed; everything else is the value as sent.
          std::string expected = value;
          while (!expected.empty() && (expected.front() == ' ' || expected.front() == '\t')) expected.erase(0, 1);
          while (!expected.empty() && (expected.back() == ' ' || expected.back() == '\t')) expected.pop_back();
          if (r.get("x-value") != expected || r.get("accept") != "*/*") ++wrong;
        } else if (b == '\r' && result.error != http_error::bare_cr) {
          ++wrong;
        } else if (b != '\r' && b != '\n' && result.error != http_error::bad_field_value) {
          ++wrong;
        }
      }
    }
  }
  EXPECT_EQ(wrong, 0);
}

}  // namespace
}  // namespace portico::gateway::http
