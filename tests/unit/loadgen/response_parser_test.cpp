#include "loadgen/response_parser.hpp"

#include <gtest/gtest.h>

#include <string>

namespace portico::loadgen {
namespace {

using state = response_parser::state;

// Feeds `text` in pieces of `step` bytes, keeping unconsumed bytes as the worker does.
struct fed {
  state result;
  std::size_t used;
  std::string rest;
};
fed feed(response_parser& p, const std::string& text, std::size_t step) {
  std::string pending;
  std::size_t i = 0;
  for (;;) {
    const auto take = std::min(step, text.size() - i);
    pending.append(text, i, take);
    i += take;
    const auto o = p.parse(pending.data(), pending.size());
    pending.erase(0, o.consumed);
    if (o.result != state::need_more || i == text.size()) return {o.result, i, pending};
  }
}

TEST(ResponseParser, ParsesContentLengthResponseInAnySplit) {
  const std::string r = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nServer: x\r\n\r\nhello";
  for (std::size_t step = 1; step <= r.size(); ++step) {
    response_parser p;
    p.reset();
    const auto f = feed(p, r, step);
    EXPECT_EQ(f.result, state::done) << step;
    EXPECT_EQ(p.status_code(), 200);
    EXPECT_TRUE(p.keep_alive());
    EXPECT_EQ(p.bytes(), r.size());
  }
}

TEST(ResponseParser, ParsesChunkedBodiesWithExtensionsAndTrailers) {
  const std::string r = "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\nA\r\n0123456789\r\n0\r\nT: v\r\n\r\n";
  for (std::size_t step = 1; step <= r.size(); ++step) {
    response_parser p;
    p.reset();
    const auto f = feed(p, r, step);
    EXPECT_EQ(f.result, state::done) << step;
    EXPECT_EQ(p.status_code(), 201);
    EXPECT_TRUE(f.rest.empty());
  }
}

TEST(ResponseParser, StopsAtTheEndOfOneResponseWhenPipelined) {
  const std::string two = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
  response_parser p;
  p.reset();
  const auto first = p.parse(two.data(), two.size());
  EXPECT_EQ(first.result, state::done);
  EXPECT_EQ(two.substr(first.consumed, 12), "HTTP/1.1 404");
  p.reset();
  const auto second = p.parse(two.data() + first.consumed, two.size() - first.consumed);
  EXPECT_EQ(second.result, state::done);
  EXPECT_EQ(p.status_code(), 404);
  EXPECT_EQ(first.consumed + second.consumed, two.size());
}

TEST(ResponseParser, ConnectionCloseAndHttp10DefaultsEndKeepAlive) {
  response_parser p;
  p.reset();
  std::string r = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
  EXPECT_EQ(p.parse(r.data(), r.size()).result, state::done);
  EXPECT_FALSE(p.keep_alive());
  p.reset();
  r = "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n";
  EXPECT_EQ(p.parse(r.data(), r.size()).result, state::done);
  EXPECT_FALSE(p.keep_alive());
  p.reset();
  r = "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n";
  EXPECT_EQ(p.parse(r.data(), r.size()).result, state::done);
  EXPECT_TRUE(p.keep_alive());
}

TEST(ResponseParser, BodyUntilCloseCompletesOnEof) {
  response_parser p;
  p.reset();
  const std::string r = "HTTP/1.1 200 OK\r\n\r\nsome body";
  EXPECT_EQ(p.parse(r.data(), r.size()).result, state::need_more);
  EXPECT_TRUE(p.finish_on_eof());
  EXPECT_FALSE(p.keep_alive());
}

TEST(ResponseParser, HeadAnd204And304HaveNoBody) {
  response_parser p;
  p.reset(true);
  std::string r = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";
  EXPECT_EQ(p.parse(r.data(), r.size()).result, state::done);
  p.reset();
  r = "HTTP/1.1 204 No Content\r\n\r\n";
  EXPECT_EQ(p.parse(r.data(), r.size()).result, state::done);
  EXPECT_TRUE(p.keep_alive());
}

TEST(ResponseParser, SkipsInterimResponses) {
  response_parser p;
  p.reset();
  const std::string r = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx";
  const auto o = p.parse(r.data(), r.size());
  EXPECT_EQ(o.result, state::done);
  EXPECT_EQ(p.status_code(), 200);
  EXPECT_EQ(o.consumed, r.size());
}

TEST(ResponseParser, RejectsMalformedResponses) {
  const char* bad[] = {
      "HTTX/1.1 200 OK\r\n\r\n",
      "HTTP/1.1 2000 OK\r\n\r\n",
      "HTTP/1.1 20 OK\r\n\r\n",
      "HTTP/2.0 200 OK\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
      "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
      "HTTP/1.1 200 OK\r\n folded: x\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc",
      "HTTP/1.1 101 Switching Protocols\r\n\r\n",
      "garbage\r\n\r\n",
  };
  for (const char* text : bad) {
    response_parser p;
    p.reset();
    const std::string r = text;
    EXPECT_EQ(p.parse(r.data(), r.size()).result, state::error) << text;
    EXPECT_FALSE(p.error().empty());
  }
}

TEST(ResponseParser, RejectsAnOversizedHead) {
  response_parser p;
  p.reset();
  const std::string r = "HTTP/1.1 200 OK\r\nX: " + std::string(response_parser::max_head, 'a');
  EXPECT_EQ(p.parse(r.data(), r.size()).result, state::error);
}

}  // namespace
}  // namespace portico::loadgen
