#include "gateway/http/forward_head.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace portico::gateway::http {
namespace {

std::string forwarded(std::string_view client_request, std::string_view authority) {
  auto head = std::make_unique<request_head>();
  const auto r = parse_request(client_request, parse_limits{}, *head);
  EXPECT_EQ(r.state, parse_state::complete);
  std::string out;
  write_upstream_request_head(*head, {.path = head->path, .query = head->query, .client_ip = "10.0.0.1",
                                      .request_id = "id-1", .authority = authority},
                              out);
  return out;
}

TEST(ForwardHead, AnHttp10RequestWithoutHostGoesUpstreamWithTheUpstreamsAuthority) {
  const auto out = forwarded("GET /a HTTP/1.0\r\n\r\n", "127.0.0.1:8080");
  EXPECT_EQ(out.rfind("GET /a HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n", 0), 0u) << out;
  auto again = std::make_unique<request_head>();
  EXPECT_EQ(parse_request(out, parse_limits{}, *again).state, parse_state::complete) << out;
}

TEST(ForwardHead, KeepsTheClientsHost) {
  const auto out = forwarded("GET /a HTTP/1.1\r\nHost: api.example\r\n\r\n", "127.0.0.1:8080");
  EXPECT_EQ(out.rfind("GET /a HTTP/1.1\r\nHost: api.example\r\n", 0), 0u) << out;
}

// Stage-added fields, text and numbers, come after the upstream's own and before the empty line.
TEST(ForwardHead, ClientResponseCarriesStageFieldsAndNumbersAfterTheUpstreams) {
  auto head = std::make_unique<response_head>();
  const std::string upstream = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Up: 1\r\n\r\n";
  ASSERT_EQ(parse_response(upstream, parse_limits{}, false, *head).state, parse_state::complete);
  const header_pairs extra{{"X-Stage", "yes"}};
  const number_field numbers[] = {{"RateLimit-Limit", 100}, {"RateLimit-Remaining", 0}, {"X-Negative", -12345678901234}};
  client_response how;
  how.extra = &extra;
  how.numbers = numbers;
  std::string out;
  write_client_response_head(*head, how, out);
  const std::string tail = "X-Stage: yes\r\nRateLimit-Limit: 100\r\nRateLimit-Remaining: 0\r\nX-Negative: -12345678901234\r\n\r\n";
  ASSERT_GE(out.size(), tail.size());
  EXPECT_EQ(out.substr(out.size() - tail.size()), tail) << out;
  EXPECT_NE(out.find("X-Up: 1\r\n"), std::string::npos) << out;
}

}  // namespace
}  // namespace portico::gateway::http
