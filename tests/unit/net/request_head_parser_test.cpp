#include "core/net/request_head_parser.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <gtest/gtest.h>

namespace portico::net {
namespace {

namespace http = boost::beast::http;

// Feeds text to a fresh parser; returns bytes consumed and the error.
std::pair<std::size_t, boost::beast::error_code> parse(std::string_view text, request_head& head,
                                                       std::uint32_t header_limit = 8192) {
  request_head_parser parser(head);
  parser.header_limit(header_limit);
  parser.eager(true);
  boost::beast::error_code ec;
  std::size_t used = 0;
  while (used < text.size() && !parser.is_done()) {
    auto n = parser.put(boost::asio::buffer(text.data() + used, text.size() - used), ec);
    used += n;
    if (ec || n == 0) break;
  }
  return {used, ec};
}

TEST(RequestHeadParser, ReadsTheRequestLineAndKeepAlive) {
  request_head head;
  auto [used, ec] = parse("GET /users/1?x=2 HTTP/1.1\r\nHost: a\r\n\r\n", head);
  EXPECT_FALSE(ec);
  EXPECT_EQ(head.method, http::verb::get);
  EXPECT_EQ(head.target, "/users/1?x=2");
  EXPECT_EQ(head.path(), "/users/1");
  EXPECT_TRUE(head.keep_alive);
}

TEST(RequestHeadParser, Http10ClosesUnlessAskedToKeepAlive) {
  request_head head;
  parse("GET / HTTP/1.0\r\n\r\n", head);
  EXPECT_FALSE(head.keep_alive);
  parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", head);
  EXPECT_TRUE(head.keep_alive);
}

TEST(RequestHeadParser, StopsAtTheEndOfOneRequestSoPipelinedOnesFollow) {
  request_head head;
  std::string two = "GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n";
  auto [used, ec] = parse(two, head);
  EXPECT_EQ(head.target, "/a");
  auto [used2, ec2] = parse(std::string_view(two).substr(used), head);
  EXPECT_EQ(head.target, "/b");
  EXPECT_EQ(used + used2, two.size());
}

TEST(RequestHeadParser, CountsChunkedBodiesAndCapturesOnlyUpToTheLimit) {
  request_head head;
  head.body_capture_limit = 3;
  auto [used, ec] = parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", head);
  EXPECT_FALSE(ec);
  EXPECT_EQ(head.body_bytes, 5u);
  EXPECT_EQ(head.body, "hel");
}

TEST(RequestHeadParser, ReportsLimitsAndGarbageAsErrors) {
  request_head head;
  EXPECT_EQ(parse("GET / HTTP/1.1\r\nX: " + std::string(200, 'a') + "\r\n\r\n", head, 64).second,
            http::error::header_limit);
  EXPECT_TRUE(parse("NOT HTTP AT ALL\r\n\r\n", head).second);
  EXPECT_TRUE(parse("GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", head).second);
}

}  // namespace
}  // namespace portico::net
