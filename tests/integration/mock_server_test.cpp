// The mock server over real loopback sockets (port 0): matching, bodies, instances, pipelining,
// run-time state, latency, bad input and shutdown.
#include "mock-backends/server/mock_server.hpp"
#include "tests/support/http_client.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

namespace portico::mock {
namespace {

using namespace std::chrono_literals;
using testing::http_connection;
using testing::http_result;

core::endpoint_config endpoint(std::string method, std::string path, std::string body = "ok",
                               core::body_config::kind kind = core::body_config::kind::text) {
  core::endpoint_config e;
  e.method = std::move(method);
  e.path = std::move(path);
  e.body.type = kind;
  e.body.content = std::move(body);
  return e;
}

core::scenario_config scenario_with(std::vector<core::endpoint_config> endpoints, int instances = 1) {
  core::scenario_config s;
  s.seed = 7;
  core::backend_config b;
  b.name = "users";
  b.instances = instances;
  b.endpoints = std::move(endpoints);
  s.backends.push_back(std::move(b));
  return s;
}

template <typename F>
bool eventually(F&& condition, std::chrono::milliseconds limit = 5s) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::yield();
  }
  return condition();
}

struct running {
  mock_server server;
  explicit running(const core::scenario_config& s, server_options o = {}) : server(s, o) { server.start(); }
  boost::asio::ip::tcp::endpoint at(int i = 0) { return server.endpoints().at(static_cast<std::size_t>(i)).endpoint; }
};

TEST(MockServer, ServesTemplatedJsonForAMatchingPath) {
  running r(scenario_with({endpoint("GET", "/users/{id}", R"({"id":"{id}","name":"user-{id}"})",
                                    core::body_config::kind::json)}));
  http_connection c(r.at());
  auto reply = c.request("GET", "/users/42?verbose=1");
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, R"({"id":"42","name":"user-42"})");
  EXPECT_EQ(reply.header("Content-Type"), "application/json");
  EXPECT_EQ(reply.header("X-Portico-Instance"), "users#0");
}

TEST(MockServer, AnswersUnknownPaths404AndWrongMethods405) {
  running r(scenario_with({endpoint("GET", "/users")}));
  http_connection c(r.at());
  EXPECT_EQ(c.request("GET", "/nothing").status, 404);
  EXPECT_EQ(c.request("DELETE", "/users").status, 405);
  EXPECT_EQ(c.request("GET", "/users").status, 200);  // and the connection is still usable
}

TEST(MockServer, GivesEveryInstanceItsOwnPortAndName) {
  running r(scenario_with({endpoint("", "*")}, 3));
  auto endpoints = r.server.endpoints();
  ASSERT_EQ(endpoints.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(endpoints[static_cast<std::size_t>(i)].name, "users#" + std::to_string(i));
    http_connection c(endpoints[static_cast<std::size_t>(i)].endpoint);
    EXPECT_EQ(c.request("GET", "/x").header("X-Portico-Instance"), "users#" + std::to_string(i));
  }
  EXPECT_NE(endpoints[0].endpoint.port(), endpoints[1].endpoint.port());
}

TEST(MockServer, AnswersPipelinedRequestsInOrder) {
  running r(scenario_with({endpoint("GET", "/a", "first"), endpoint("GET", "/b/{x}", "second-{x}"),
                           endpoint("GET", "/slow", "third")}));
  // A latency on /slow forces the slow path in the middle of a pipelined batch.
  http_connection c(r.at());
  c.send("GET /a HTTP/1.1\r\nHost: t\r\n\r\nGET /b/7 HTTP/1.1\r\nHost: t\r\n\r\n"
         "GET /slow HTTP/1.1\r\nHost: t\r\n\r\nGET /a HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(c.read_response().body, "first");
  EXPECT_EQ(c.read_response().body, "second-7");
  EXPECT_EQ(c.read_response().body, "third");
  EXPECT_EQ(c.read_response().body, "first");
}

TEST(MockServer, AppliesLatencyWithoutBlockingOtherConnections) {
  auto slow = endpoint("GET", "/slow");
  slow.latency.value = 300ms;
  running r(scenario_with({slow, endpoint("GET", "/fast")}));
  http_connection a(r.at());
  http_connection b(r.at());
  auto start = std::chrono::steady_clock::now();
  a.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_TRUE(b.request("GET", "/fast").ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 300ms);  // one I/O thread, not blocked
  EXPECT_TRUE(a.read_response().ok());
  EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);
}

TEST(MockServer, HealthFollowsTheUnhealthyStateWhileRequestsStillSucceed) {
  running r(scenario_with({endpoint("GET", "/users")}));
  http_connection c(r.at());
  EXPECT_EQ(c.request("GET", "/health").status, 200);
  ASSERT_TRUE(r.server.set_state("users", 0, {.unhealthy = true}));
  EXPECT_EQ(c.request("GET", "/health").status, 503);
  EXPECT_EQ(c.request("GET", "/users").status, 200);
}

TEST(MockServer, FailedInstanceAnswersItsFailStatusUntilRecovered) {
  running r(scenario_with({endpoint("GET", "/users")}, 2));
  ASSERT_TRUE(r.server.set_state("users", 1, {.failed = true, .fail_status = 500}));
  http_connection healthy(r.at(0));
  http_connection failed(r.at(1));
  EXPECT_EQ(healthy.request("GET", "/users").status, 200);
  EXPECT_EQ(failed.request("GET", "/users").status, 500);
  EXPECT_EQ(failed.request("GET", "/health").status, 500);
  r.server.set_state("users", 1, {});
  EXPECT_EQ(failed.request("GET", "/users").status, 200);
  EXPECT_FALSE(r.server.set_state("nobody", 0, {}));
}

TEST(MockServer, SlowStateAddsLatency) {
  running r(scenario_with({endpoint("GET", "/users")}));
  r.server.set_state("users", -1, {.extra_latency = 200ms});
  http_connection c(r.at());
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.request("GET", "/users").ok());
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
}

TEST(MockServer, CountsRequestsByStatusClass) {
  running r(scenario_with({endpoint("GET", "/users")}));
  http_connection c(r.at());
  c.request("GET", "/users");
  c.request("GET", "/users");
  c.request("GET", "/missing");
  auto stats = r.server.stats().at(0);
  EXPECT_EQ(stats.name, "users#0");
  EXPECT_EQ(stats.requests, 3u);
  EXPECT_EQ(stats.by_class[2], 2u);
  EXPECT_EQ(stats.by_class[4], 1u);
  EXPECT_EQ(stats.connections, 1u);
}

TEST(MockServer, RejectsAnOversizedHeaderWith431) {
  running r(scenario_with({endpoint("GET", "/users")}), {.max_header_bytes = 1024});
  http_connection c(r.at());
  auto reply = c.request("GET", "/users", "X-Big: " + std::string(4096, 'a') + "\r\n");
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply.status, 431);
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(MockServer, RejectsAMalformedRequestLineWith400) {
  running r(scenario_with({endpoint("GET", "/users")}));
  http_connection c(r.at());
  c.send("GARBAGE\r\n\r\n");
  auto reply = c.read_response();
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(r.server.stats().at(0).bad_requests, 1u);
}

TEST(MockServer, RejectsAnOversizedBodyWith413) {
  running r(scenario_with({endpoint("POST", "/users")}), {.max_body_bytes = 1000});
  http_connection c(r.at());
  auto reply = c.request("POST", "/users", {}, std::string(5000, 'x'));
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply.status, 413);
}

TEST(MockServer, AcceptsAndDiscardsABodyWithinTheLimit) {
  running r(scenario_with({endpoint("POST", "/users", "created")}));
  http_connection c(r.at());
  EXPECT_EQ(c.request("POST", "/users", {}, std::string(5000, 'x')).body, "created");
  c.send("POST /users HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  EXPECT_EQ(c.read_response().body, "created");
}

TEST(MockServer, ClosesAConnectionWhoseHeaderNeverCompletes) {
  server_options o;
  o.header_timeout = 200ms;
  running r(scenario_with({endpoint("GET", "/users")}), o);
  http_connection c(r.at(), 3s);
  c.send("GET /users HTTP/1.1\r\nHost: t\r\n");  // no blank line: the header never ends
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_by_peer());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(MockServer, HonoursConnectionCloseFromTheClient) {
  running r(scenario_with({endpoint("GET", "/users")}));
  http_connection c(r.at());
  auto reply = c.request("GET", "/users", "Connection: close\r\n");
  EXPECT_EQ(reply.header("Connection"), "close");
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(MockServer, StopLetsARequestInFlightFinish) {
  auto slow = endpoint("GET", "/slow", "done");
  slow.latency.value = 300ms;
  running r(scenario_with({slow}));
  http_connection c(r.at());
  c.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(eventually([&] { return r.server.stats().at(0).in_flight == 1; }));
  auto stopped = std::async(std::launch::async, [&] { return r.server.stop(5s); });
  auto reply = c.read_response();
  EXPECT_EQ(reply.body, "done");
  EXPECT_TRUE(stopped.get());
}

TEST(MockServer, StopAbortsWhatIsStillRunningAtTheDeadline) {
  auto hang = endpoint("GET", "/hang");
  hang.faults.hang = 1.0;
  running r(scenario_with({hang}));
  http_connection c(r.at());
  c.send("GET /hang HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(eventually([&] { return r.server.stats().at(0).in_flight == 1; }));
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(r.server.stop(200ms));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_TRUE(c.closed_by_peer());
}

TEST(MockServer, StopClosesIdleKeepAliveConnectionsAtOnce) {
  running r(scenario_with({endpoint("GET", "/users")}));
  http_connection c(r.at());
  EXPECT_TRUE(c.request("GET", "/users").ok());
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(r.server.stop(5s));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_TRUE(c.closed_by_peer());
}

}  // namespace
}  // namespace portico::mock
