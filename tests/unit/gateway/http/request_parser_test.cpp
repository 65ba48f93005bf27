#include "gateway/http/message_head.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace portico::gateway::http {
namespace {

// The head views the parsed bytes: keep every input alive for the whole test program.
request_head parse_ok(const std::string& input, parse_limits limits = {}) {
  static std::vector<std::unique_ptr<std::string>> inputs;
  inputs.push_back(std::make_unique<std::string>(input));
  const std::string& raw = *inputs.back();
  request_head r;
  const auto result = parse_request(raw, limits, r);
  EXPECT_EQ(result.state, parse_state::complete) << describe(result.error).code;
  return r;
}

TEST(RequestParser, ParsesOriginFormWithPathQueryAndHost) {
  const std::string raw = "GET /users/42?x=1&y=2 HTTP/1.1\r\nHost: example.com:8080\r\nAccept: */*\r\n\r\n";
  const auto r = parse_ok(raw);
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/users/42");
  EXPECT_EQ(r.query, "x=1&y=2");
  EXPECT_EQ(r.host, "example.com:8080");
  EXPECT_EQ(r.version, 11);
  EXPECT_EQ(r.field_count, 2u);
  EXPECT_EQ(r.get("accept"), "*/*");
  EXPECT_EQ(r.framing, body_framing::none);
  EXPECT_EQ(r.head_bytes, raw.size());
  EXPECT_TRUE(r.keep_alive());
}

TEST(RequestParser, ReportsIncompleteUntilTheEmptyLineArrives) {
  request_head r;
  EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nHost: a\r\n", {}, r).state, parse_state::incomplete);
  EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nHost: a\r\n\r", {}, r).state, parse_state::incomplete);
  EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nHost: a\r\n\r\n", {}, r).state, parse_state::complete);
}

TEST(RequestParser, TrimsOptionalWhitespaceAroundValues) {
  const auto r = parse_ok("GET / HTTP/1.1\r\nHost:   a.b \t\r\nX-Y:\tz  \r\n\r\n");
  EXPECT_EQ(r.host, "a.b");
  EXPECT_EQ(r.get("x-y"), "z");
}

TEST(RequestParser, AcceptsChunkedAndContentLengthFraming) {
  EXPECT_EQ(parse_ok("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n").content_length, 12u);
  EXPECT_EQ(parse_ok("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n").framing, body_framing::chunked);
  EXPECT_EQ(parse_ok("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").framing, body_framing::none);
}

TEST(RequestParser, Http10KeepsAliveOnlyWhenAsked) {
  EXPECT_FALSE(parse_ok("GET / HTTP/1.0\r\n\r\n").keep_alive());
  EXPECT_TRUE(parse_ok("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keep_alive());
  EXPECT_FALSE(parse_ok("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").keep_alive());
}

TEST(RequestParser, AbsoluteFormAuthorityReplacesHost) {
  const auto r = parse_ok("GET http://api.example/x?q=1 HTTP/1.1\r\nHost: other\r\n\r\n");
  EXPECT_EQ(r.host, "api.example");
  EXPECT_EQ(r.path, "/x");
  EXPECT_EQ(r.query, "q=1");
}

TEST(RequestParser, SkipsLeadingEmptyLines) { EXPECT_EQ(parse_ok("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n").path, "/"); }

TEST(RequestParser, CollectsConnectionOptions) {
  const auto r = parse_ok("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, X-Private\r\nX-Private: 1\r\n\r\n");
  ASSERT_EQ(r.connection_token_count, 1u);
  EXPECT_EQ(r.connection_tokens[0], "X-Private");
}

TEST(RequestParser, ExpectContinueIsRecognised) {
  EXPECT_TRUE(parse_ok("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n").expect_continue);
}

TEST(RequestParser, LimitsApplyToPartialHeads) {
  parse_limits limits;
  limits.max_header_bytes = 64;
  limits.max_request_line = 32;
  request_head r;
  const std::string long_line = "GET /" + std::string(40, 'a');
  EXPECT_EQ(parse_request(long_line, limits, r).error, http_error::request_line_too_long);
  const std::string big = "GET / HTTP/1.1\r\nHost: a\r\nX: " + std::string(60, 'b');
  EXPECT_EQ(parse_request(big, limits, r).error, http_error::header_too_large);
}

}  // namespace
}  // namespace portico::gateway::http
