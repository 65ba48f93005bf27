// Field names and values are checked sixteen bytes at a time (byte_scan.hpp): every byte value,
// at every position of names and values of 1 to 40 bytes (inside the first block, across blocks,
// in the last partial one), must be judged as the byte-by-byte grammar says. Names: tchar only.
// Values: field-vchar, obs-text, SP and HTAB pass; CR is a bare CR; any other control byte or DEL
// is refused. The end of the head is found sixteen bytes at a time too: at every alignment.
#include "gateway/http/field_section.hpp"
#include "gateway/http/message_head.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <string_view>

namespace portico::gateway::http {
namespace {

bool allowed_in_value(int b) { return b == '\t' || (b >= 0x20 && b != 0x7f); }
bool tchar(int b) { return b < 0x80 && (std::isalnum(b) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(b)) != std::string_view::npos); }

// Runs judged_right(text, at, b) for every byte b at every position `at` of texts of 1 to 40
// bytes of `filler`; returns how many were judged wrong.
template <class Check>
int misjudged(char filler, Check judged_right) {
  int wrong = 0;
  for (std::size_t length = 1; length <= 40; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string text(length, filler);
        text[at] = static_cast<char>(b);
        wrong += judged_right(text, at, b) ? 0 : 1;
      }
    }
  }
  return wrong;
}

TEST(FieldNameBytes, EveryByteAtEveryPositionIsJudgedAsTheGrammarSays) {
  EXPECT_EQ(misjudged('n', [](const std::string& name, std::size_t at, int b) {
              const std::string raw = "GET / HTTP/1.1\r\nHost: a.test\r\n" + name + ": v\r\nAccept: */*\r\n\r\n";
              request_head r;
              const bool ok = parse_request(raw, {}, r).state == parse_state::complete;
              // A ':' inside ends the name early: "nn:nn: v" is the field "nn" with the value "nn: v".
              const bool colon_splits = b == ':' && at > 0;
              if (ok != (tchar(b) || colon_splits)) return false;
              if (!ok) return true;
              const std::string_view field = colon_splits ? std::string_view(name).substr(0, at) : std::string_view(name);
              const std::string value = colon_splits ? name.substr(at + 1) + ": v" : "v";
              return r.get(field) == value && r.get("accept") == "*/*";
            }),
            0);
}

TEST(FieldValueBytes, EveryByteAtEveryPositionIsJudgedAsTheGrammarSays) {
  EXPECT_EQ(misjudged('v', [](const std::string& value, std::size_t, int b) {
              const std::string raw = "GET / HTTP/1.1\r\nHost: a.test\r\nX-Value: " + value + "\r\nAccept: */*\r\n\r\n";
              request_head r;
              const auto result = parse_request(raw, {}, r);
              const bool ok = result.state == parse_state::complete;
              if (ok != allowed_in_value(b)) return false;
              if (!ok) return b == '\r' ? result.error == http_error::bare_cr : b == '\n' || result.error == http_error::bad_field_value;
              // Leading and trailing SP/HTAB are trimmed; everything else is the value as sent.
              std::string expected = value;
              while (!expected.empty() && (expected.front() == ' ' || expected.front() == '\t')) expected.erase(0, 1);
              while (!expected.empty() && (expected.back() == ' ' || expected.back() == '\t')) expected.pop_back();
              return r.get("x-value") == expected && r.get("accept") == "*/*";
            }),
            0);
}

// Heads of three field lines whose lengths put the line ends and the empty line at every offset
// of a 16-byte block. Each must end exactly after its empty line, every shorter prefix must be
// "not yet", and a bare LF put in place of any CR must be refused.
TEST(HeadEnd, IsFoundAtEveryAlignmentAndABareLfAnywhereIsRefused) {
  int wrong = 0;
  for (std::size_t first = 0; first < 20; ++first) {
    for (std::size_t second = 0; second < 20; ++second) {
      const std::string head = "GET /" + std::string(first, 'a') + " HTTP/1.1\r\nHost: x\r\nX-A: " +
                               std::string(second, 'b') + "\r\nX-B: " + std::string(first + second, 'c') + "\r\n\r\n";
      const std::string buffer = head + "GET / HTTP/1.1\r\n";  // the next request's first bytes follow
      const auto found = detail::scan_head(buffer, 0, {}, true);
      wrong += found.error == http_error::none && found.end == head.size() ? 0 : 1;
      for (std::size_t n = 0; n < head.size(); ++n) {
        const auto partial = detail::scan_head(std::string_view(head).substr(0, n), 0, {}, true);
        wrong += partial.error == http_error::none && partial.end == 0 ? 0 : 1;
      }
      for (std::size_t at = head.find('\r'); at != std::string::npos; at = head.find('\r', at + 1)) {
        std::string bare = head;
        bare[at] = 'z';
        wrong += detail::scan_head(bare, 0, {}, true).error == http_error::bare_lf ? 0 : 1;
      }
    }
  }
  EXPECT_EQ(wrong, 0);
}

}  // namespace
}  // namespace portico::gateway::http
