// Field names the proxy acts on are recognised once, by the parser (classify_field); forwarding
// and the upgrade check then trust the kind. Every known name must be recognised in any letter
// case, and a name one byte away from a known one must not be.
#include "gateway/http/message_head.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::gateway::http {
namespace {

const std::vector<std::pair<std::string, field_kind>> known = {
    {"Host", field_kind::host},
    {"Content-Length", field_kind::content_length},
    {"Expect", field_kind::expect},
    {"Connection", field_kind::connection},
    {"Keep-Alive", field_kind::keep_alive},
    {"Proxy-Connection", field_kind::proxy_connection},
    {"TE", field_kind::te},
    {"Trailer", field_kind::trailer},
    {"Transfer-Encoding", field_kind::transfer_encoding},
    {"Upgrade", field_kind::upgrade},
    {"Proxy-Authenticate", field_kind::proxy_authenticate},
    {"Proxy-Authorization", field_kind::proxy_authorization},
    {"Via", field_kind::via},
    {"Forwarded", field_kind::forwarded},
    {"X-Forwarded-For", field_kind::x_forwarded_for},
    {"X-Forwarded-Proto", field_kind::x_forwarded_proto},
    {"X-Request-Id", field_kind::x_request_id},
    {"Accept-Encoding", field_kind::accept_encoding},
};

TEST(FieldKind, KnownNamesInAnyCase) {
  for (const auto& [name, kind] : known) {
    std::string lower = name, upper = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(classify_field(name), kind) << name;
    EXPECT_EQ(classify_field(lower), kind) << lower;
    EXPECT_EQ(classify_field(upper), kind) << upper;
  }
}

// Every token byte (names reach classify_field only as tokens) at every position.
TEST(FieldKind, NamesOneByteAwayAreOther) {
  std::string token_bytes;
  for (int b = 0; b < 128; ++b)
    if (std::isalnum(b) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(b)) != std::string_view::npos)
      token_bytes += static_cast<char>(b);
  int misread = 0;
  for (const auto& [name, kind] : known) {
    for (std::size_t at = 0; at < name.size(); ++at) {
      for (char c : token_bytes) {
        std::string near = name;
        if (std::tolower(static_cast<unsigned char>(near[at])) == std::tolower(static_cast<unsigned char>(c))) continue;
        near[at] = c;
        misread += classify_field(near) != field_kind::other;
      }
    }
    misread += classify_field(name + "s") != field_kind::other;
    misread += classify_field(name.substr(1)) != field_kind::other;
  }
  EXPECT_EQ(misread, 0);
  EXPECT_EQ(classify_field("Authorization"), field_kind::other);
  EXPECT_EQ(classify_field(""), field_kind::other);
}

TEST(FieldKind, ParsedHeadsKnowWhichKindsTheyHold) {
  request_head r;
  const std::string raw =
      "GET / HTTP/1.1\r\nHost: a.test\r\nvia: 1.0 a\r\nX-Custom: 1\r\nVIA: 1.0 b\r\nX-Request-ID: abc\r\n\r\n";
  ASSERT_EQ(parse_request(raw, {}, r).state, parse_state::complete);
  EXPECT_TRUE(r.has(field_kind::via));
  EXPECT_TRUE(r.has(field_kind::x_request_id));
  EXPECT_FALSE(r.has(field_kind::forwarded));
  EXPECT_EQ(r.get(field_kind::via), "1.0 a");
  EXPECT_EQ(r.get(field_kind::x_request_id), "abc");
  EXPECT_EQ(r.get(field_kind::forwarded), "");
  EXPECT_EQ(r.fields[2].kind, field_kind::other);
  r.reset();
  ASSERT_EQ(parse_request("GET / HTTP/1.1\r\nHost: a.test\r\n\r\n", {}, r).state, parse_state::complete);
  EXPECT_FALSE(r.has(field_kind::via)) << "kinds of the previous message must not survive reset()";
}

}  // namespace
}  // namespace portico::gateway::http
