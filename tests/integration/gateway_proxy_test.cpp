// The gateway as a reverse proxy over loopback: routing, rewrite, forwarded headers, hop-by-hop
// removal, bodies both ways, keep-alive reuse, LB spread, 404/502/503/504, graceful stop.
#include "core/config/loader.hpp"
#include "gateway/server/gateway_server.hpp"
#include "tests/support/gateway_test_backend.hpp"

#include <gtest/gtest.h>

#include <set>

#include <zlib.h>

namespace portico::gateway {
namespace {

using testing::recording_backend;
using testing::test_client;

core::gateway_config gateway_yaml(const std::string& routes, const std::string& extra = "") {
  const std::string yaml =
      "name: t\n"
      "backends:\n"
      "  users: {instances: 2}\n"
      "  slow: {instances: 1}\n"
      "gateway:\n" +
      extra +
      "  listeners:\n"
      "    - name: public\n"
      "      address: 127.0.0.1:0\n"
      "      routes:\n" +
      routes;
  auto loaded = core::load_scenario_text(yaml);
  EXPECT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].to_string());
  return loaded.scenario->gateway;
}

const std::string users_route =
    "        - name: users\n"
    "          match: {path_prefix: /api/users}\n"
    "          rewrite: {strip_prefix: /api}\n"
    "          backend: users\n"
    "          timeout: 500ms\n";

struct fixture {
  explicit fixture(const std::string& routes = users_route, recording_backend::responder r = {}, const std::string& extra = "",
                   int threads = 1)
      : a(r), b(r) {
    server = std::make_unique<gateway_server>(gateway_yaml(routes, extra),
                                              backend_endpoints{{"users", {a.address(), b.address()}}, {"slow", {a.address()}}},
                                              gateway_options{.threads = threads});
    server->start();
    port = server->endpoints().at(0).endpoint.port();
  }
  recording_backend a, b;
  std::unique_ptr<gateway_server> server;
  unsigned short port = 0;
  std::vector<testing::recorded_request> all_requests() const {
    auto r = a.requests();
    auto more = b.requests();
    r.insert(r.end(), more.begin(), more.end());
    return r;
  }
};

TEST(GatewayProxy, RoutesRewritesAndAddsForwardingHeaders) {
  fixture f;
  test_client c(f.port);
  const auto r = c.request("GET /api/users/7?x=1 HTTP/1.1\r\nHost: a.test\r\nX-Request-Id: abc-1\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "ok GET /users/7?x=1");
  EXPECT_EQ(r->header("x-request-id"), "abc-1");
  EXPECT_NE(r->header("via").find("portico"), std::string::npos);
  const auto seen = f.all_requests();
  ASSERT_EQ(seen.size(), 1u);
  const auto& head = seen[0].head;
  EXPECT_NE(head.find("Host: a.test\r\n"), std::string::npos);
  EXPECT_NE(head.find("X-Forwarded-For: 127.0.0.1\r\n"), std::string::npos);
  EXPECT_NE(head.find("Forwarded: for=127.0.0.1;proto=http\r\n"), std::string::npos);
  EXPECT_NE(head.find("Via: 1.1 portico\r\n"), std::string::npos);
  EXPECT_NE(head.find("X-Request-Id: abc-1\r\n"), std::string::npos);
}

// 32 lower-case hex digits, a new one each time; over eight ids (256 random digits) every one of
// the 16 digits shows up (a digit missing from all of them: p < 1e-6).
TEST(GatewayProxy, GeneratesARequestIdWhenAbsent) {
  fixture f;
  test_client c(f.port);
  std::set<std::string> ids;
  std::set<char> digits;
  for (int i = 0; i < 8; ++i) {
    const auto r = c.request("GET /api/users/1 HTTP/1.1\r\nHost: a.test\r\n\r\n");
    ASSERT_TRUE(r);
    const std::string id(r->header("x-request-id"));
    ASSERT_EQ(id.size(), 32u) << id;
    for (char d : id) {
      EXPECT_TRUE((d >= '0' && d <= '9') || (d >= 'a' && d <= 'f')) << id;
      digits.insert(d);
    }
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 8u);
  EXPECT_EQ(digits.size(), 16u);
}

TEST(GatewayProxy, RemovesHopByHopFieldsAndThoseNamedByConnection) {
  fixture f;
  test_client c(f.port);
  const auto r = c.request(
      "GET /api/users/1 HTTP/1.1\r\nHost: a.test\r\nConnection: keep-alive, X-Secret\r\nX-Secret: 1\r\nKeep-Alive: 5\r\n"
      "Proxy-Authorization: Basic x\r\nTE: trailers\r\nUpgrade: websocket\r\nProxy-Connection: keep-alive\r\nX-Kept: yes\r\n\r\n");
  ASSERT_TRUE(r);
  ASSERT_EQ(f.all_requests().size(), 1u);
  const auto head = f.all_requests()[0].head;
  for (const char* gone : {"X-Secret", "Keep-Alive", "Proxy-Authorization", "TE:", "Upgrade", "Proxy-Connection", "Connection:"})
    EXPECT_EQ(head.find(gone), std::string::npos) << gone;
  EXPECT_NE(head.find("X-Kept: yes"), std::string::npos);
}

TEST(GatewayProxy, AnswersJsonNotFoundWhenNoRouteMatches) {
  fixture f;
  test_client c(f.port);
  const auto r = c.request("GET /nowhere HTTP/1.1\r\nHost: a.test\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_NE(r->body.find("\"no_route\""), std::string::npos);
  EXPECT_EQ(r->header("content-type"), "application/json");
  // The connection stays usable.
  EXPECT_EQ(c.request("GET /api/users/1 HTTP/1.1\r\nHost: a.test\r\n\r\n")->status, 200);
}

TEST(GatewayProxy, ForwardsContentLengthAndChunkedBodies) {
  fixture f;
  test_client c(f.port);
  auto r = c.request("POST /api/users HTTP/1.1\r\nHost: a.test\r\nContent-Length: 11\r\n\r\nhello world");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  r = c.request("POST /api/users HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n6\r\n world\r\n0\r\nT: 1\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const auto seen = f.all_requests();
  ASSERT_EQ(seen.size(), 2u);
  for (const auto& s : seen) EXPECT_EQ(s.body, "hello world");
  const auto& chunked = seen[0].chunked ? seen[0] : seen[1];
  EXPECT_TRUE(chunked.chunked);
}

TEST(GatewayProxy, StreamsALargeBodyBothWays) {
  const std::string big(3 * 1024 * 1024 + 17, 'z');
  // The route's own timeout, not users_route's 500 ms: moving 6 MB takes a few seconds on a loaded
  // machine or under ThreadSanitizer, and this test is about streaming, not timeouts.
  std::string route = users_route;
  route.replace(route.find("500ms"), 5, "30s");
  fixture f(route, [&](const testing::recorded_request& req) {
    return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(req.body.size()) + "\r\n\r\n" + req.body;
  });
  test_client c(f.port);
  const auto r = c.request("PUT /api/users/big HTTP/1.1\r\nHost: a.test\r\nContent-Length: " + std::to_string(big.size()) + "\r\n\r\n" + big);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body.size(), big.size());
  EXPECT_EQ(r->body, big);
}

TEST(GatewayProxy, RelaysChunkedAndCloseDelimitedResponses) {
  int n = 0;
  fixture f(users_route, [&](const testing::recorded_request&) -> std::string {
    if (n++ % 2 == 0) return "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
    return "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil-close";
  });
  test_client c1(f.port);
  auto r = c1.request("GET /api/users/1 HTTP/1.1\r\nHost: a.test\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "abcde");
  r = c1.request("GET /api/users/1 HTTP/1.1\r\nHost: a.test\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "until-close");
  EXPECT_EQ(r->header("connection"), "close");
}

TEST(GatewayProxy, ReusesUpstreamConnectionsAndSpreadsOverInstances) {
  fixture f;
  test_client c(f.port);
  for (int i = 0; i < 20; ++i) ASSERT_EQ(c.request("GET /api/users/1 HTTP/1.1\r\nHost: a.test\r\n\r\n")->status, 200);
  EXPECT_EQ(f.a.requests().size(), 10u);  // round robin
  EXPECT_EQ(f.b.requests().size(), 10u);
  EXPECT_EQ(f.a.connections(), 1);  // keep-alive pool
  EXPECT_EQ(f.b.connections(), 1);
  // Counters are updated once the response is written: poll briefly for the last one.
  auto snap = f.server->snapshot();
  for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
       snap.overall.requests < 20 && std::chrono::steady_clock::now() < until;)
    snap = f.server->snapshot();
  EXPECT_EQ(snap.overall.requests, 20u);
  EXPECT_EQ(snap.routes.at(0).counters.by_class[2], 20u);
  EXPECT_EQ(snap.backends.at(0).counters.connections_reused + snap.backends.at(1).counters.connections_reused, 18u);
}

std::string gunzip(const std::string& in) {
  z_stream s{};
  inflateInit2(&s, 15 + 16);
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[4096];
  int rc = Z_OK;
  while (rc == Z_OK) {
    s.next_out = reinterpret_cast<Bytef*>(buf);
    s.avail_out = sizeof buf;
    rc = inflate(&s, Z_NO_FLUSH);
    out.append(buf, sizeof buf - s.avail_out);
  }
  inflateEnd(&s);
  return rc == Z_STREAM_END ? out : "<corrupt>";
}

TEST(GatewayProxy, CompressesJsonResponsesWhenTheRouteAsksAndTheClientAccepts) {
  const std::string route =
      "        - match: {path_prefix: /}\n"
      "          backend: users\n"
      "          compress: true\n";
  const std::string json = "{\"items\":[" + std::string(5000, '1') + "]}";
  std::atomic<bool> upstream_saw_accept_encoding{false};
  fixture f(route, [&](const testing::recorded_request& req) {
    if (req.head.find("Accept-Encoding") != std::string::npos) upstream_saw_accept_encoding = true;
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(json.size()) + "\r\n\r\n" + json;
  });
  test_client c(f.port);
  auto r = c.request("GET /x HTTP/1.1\r\nHost: a.test\r\nAccept-Encoding: br, gzip;q=0.8\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("content-encoding"), "gzip");
  EXPECT_LT(r->body.size(), json.size() / 4);
  EXPECT_EQ(gunzip(r->body), json);
  EXPECT_FALSE(upstream_saw_accept_encoding);
  r = c.request("GET /x HTTP/1.1\r\nHost: a.test\r\nAccept-Encoding: gzip;q=0\r\n\r\n");  // refused: identity
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("content-encoding"), "");
  EXPECT_EQ(r->body, json);
}

TEST(GatewayProxy, AnswersBadGatewayForAMalformedUpstreamResponse) {
  fixture f(users_route, [](const testing::recorded_request&) {
    return std::string("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\nok");
  });
  test_client c(f.port);
  const auto r = c.request("GET /api/users/1 HTTP/1.1\r\nHost: a.test\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 502);
  EXPECT_NE(r->body.find("bad_gateway"), std::string::npos);
}

TEST(GatewayProxy, AnswersGatewayTimeoutAfterTheRouteTimeout) {
  fixture f(users_route, [](const testing::recorded_request&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the backend is slow, on purpose
    return std::string("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  });
  test_client c(f.port);
  const auto r = c.request("GET /api/users/1 HTTP/1.1\r\nHost: a.test\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 504);
}

TEST(GatewayProxy, AnswersServiceUnavailableWhenNoInstanceAccepts) {
  recording_backend probe;
  const auto dead = probe.address();
  probe.stop();  // nothing listens there any more
  gateway_server server(gateway_yaml(users_route), {{"users", {dead}}, {"slow", {dead}}}, {.threads = 1});
  server.start();
  test_client c(server.endpoints()[0].endpoint.port());
  const auto r = c.request("GET /api/users/1 HTTP/1.1\r\nHost: a.test\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
}

TEST(GatewayProxy, RetriesIdempotentRequestsOnAnotherInstance) {
  const std::string route =
      "        - match: {path_prefix: /}\n"
      "          backend: users\n"
      "          retries: {attempts: 2, backoff_base: 1ms, backoff_max: 2ms}\n";
  std::atomic<int> calls{0};
  fixture f(route, [&](const testing::recorded_request&) {
    return calls++ == 0 ? std::string("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")
                        : std::string("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  });
  test_client c(f.port);
  const auto r = c.request("GET /x HTTP/1.1\r\nHost: a.test\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto snap = f.server->snapshot();
  for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
       snap.routes.at(0).counters.requests < 1 && std::chrono::steady_clock::now() < until;)
    snap = f.server->snapshot();
  EXPECT_EQ(snap.routes.at(0).counters.retries, 1u);
}

TEST(GatewayProxy, StopFinishesInFlightRequestsAndClosesIdleConnections) {
  fixture f(users_route, [](const testing::recorded_request&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return std::string("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  });
  test_client idle(f.port);
  test_client busy(f.port);
  busy.send("GET /api/users/1 HTTP/1.1\r\nHost: a.test\r\n\r\n");
  // Wait until the request reached the backend (polling with a deadline, no fixed sleep).
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (f.all_requests().empty() && std::chrono::steady_clock::now() < until) std::this_thread::yield();
  ASSERT_FALSE(f.all_requests().empty());
  std::thread stopper([&] { EXPECT_TRUE(f.server->stop(std::chrono::seconds(3))); });
  const auto r = busy.response();
  stopper.join();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(idle.closed_by_peer());
}

}  // namespace
}  // namespace portico::gateway
