// Every fault kind and the capacity model, as a client sees them over loopback.
#include "mock-backends/server/mock_server.hpp"
#include "tests/support/http_client.hpp"

#include <gtest/gtest.h>

#include <future>

namespace portico::mock {
namespace {

using namespace std::chrono_literals;
using testing::http_connection;
using outcome = testing::http_result::outcome;

struct running {
  mock_server server;
  explicit running(core::endpoint_config e, core::capacity_config capacity = {})
      : server(make(std::move(e), capacity), server_options{}) {
    server.start();
  }
  static core::scenario_config make(core::endpoint_config e, core::capacity_config capacity) {
    core::scenario_config s;
    core::backend_config b;
    b.name = "svc";
    b.capacity = capacity;
    b.endpoints.push_back(std::move(e));
    s.backends.push_back(std::move(b));
    return s;
  }
  boost::asio::ip::tcp::endpoint at() { return server.endpoints().at(0).endpoint; }
};

core::endpoint_config endpoint_with(core::fault_config faults, std::string body = std::string(200, 'b')) {
  core::endpoint_config e;
  e.method = "GET";
  e.path = "/x";
  e.body.type = core::body_config::kind::text;
  e.body.content = std::move(body);
  e.faults = std::move(faults);
  return e;
}

TEST(MockFaults, StatusFaultAnswersTheInjectedStatus) {
  running r(endpoint_with({.statuses = {{504, 1.0}}}));
  http_connection c(r.at());
  EXPECT_EQ(c.request("GET", "/x").status, 504);
  EXPECT_EQ(c.request("GET", "/x").status, 504);  // keep-alive survives a status fault
  EXPECT_EQ(r.server.stats().at(0).faults_injected, 2u);
}

TEST(MockFaults, StatusMixHitsItsRateOverManyRequests) {
  running r(endpoint_with({.statuses = {{503, 0.2}}}));
  http_connection c(r.at());
  int errors = 0;
  constexpr int n = 2000;
  for (int i = 0; i < n; ++i) errors += c.request("GET", "/x").status == 503;
  EXPECT_NEAR(errors / double(n), 0.2, 0.04);  // > 4 sd of a binomial at n=2000
}

TEST(MockFaults, ResetFaultResetsTheConnection) {
  running r(endpoint_with({.reset = 1.0}));
  http_connection c(r.at());
  EXPECT_EQ(c.request("GET", "/x").what, outcome::reset);
}

TEST(MockFaults, CloseMidBodySendsPartOfTheBodyThenCloses) {
  running r(endpoint_with({.close_mid_body = 1.0}));
  http_connection c(r.at());
  c.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
  outcome how;
  auto bytes = c.read_until_close(how);
  EXPECT_EQ(how, outcome::closed);
  EXPECT_NE(bytes.find("Content-Length: 200"), std::string::npos);
  auto body = bytes.substr(bytes.find("\r\n\r\n") + 4);
  EXPECT_EQ(body.size(), 100u);
}

TEST(MockFaults, CloseMidBodyIsObservableEvenWithAnEmptyBody) {
  running r(endpoint_with({.close_mid_body = 1.0}, ""));
  http_connection c(r.at());
  EXPECT_EQ(c.request("GET", "/x").what, outcome::closed);
}

TEST(MockFaults, HangNeverAnswers) {
  running r(endpoint_with({.hang = 1.0}));
  http_connection c(r.at(), 300ms);
  EXPECT_EQ(c.request("GET", "/x").what, outcome::timeout);
}

TEST(MockFaults, MalformedFaultSendsSomethingThatIsNotHttp) {
  running r(endpoint_with({.malformed = 1.0}));
  http_connection c(r.at());
  EXPECT_EQ(c.request("GET", "/x").what, outcome::bad_response);
}

TEST(MockFaults, SlowBodyTricklesTheBodyAtTheConfiguredSpeed) {
  running r(endpoint_with({.slow_body = 1.0, .slow_body_bytes_per_second = 1000}));
  http_connection c(r.at());
  auto start = std::chrono::steady_clock::now();
  auto reply = c.request("GET", "/x");
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply.body, std::string(200, 'b'));
  EXPECT_GE(elapsed, 180ms);  // 200 bytes at 1000 B/s = 200 ms, sent in 50 ms steps
}

TEST(MockCapacity, QueuesBeyondWorkersAndRejectsBeyondTheQueue) {
  core::endpoint_config e = endpoint_with({}, "served");
  e.latency.value = 400ms;
  running r(e, {.workers = 1, .queue = 1});
  http_connection first(r.at()), second(r.at()), third(r.at());
  first.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
  // Wait until the first holds the worker before the second arrives, so the order is known.
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (r.server.stats().at(0).busy_workers < 1 && std::chrono::steady_clock::now() < deadline) {
  }
  second.send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
  while (r.server.stats().at(0).queue_depth < 1 && std::chrono::steady_clock::now() < deadline) {
  }
  auto start = std::chrono::steady_clock::now();
  auto rejected = third.request("GET", "/x");
  EXPECT_EQ(rejected.status, 503);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 300ms);  // rejected at once, not served
  EXPECT_EQ(first.read_response().body, "served");
  auto queued = second.read_response();
  EXPECT_EQ(queued.body, "served");
  // The queued one waited for the worker, then had its own service time.
  EXPECT_GE(std::chrono::steady_clock::now() - start, 400ms);
  auto stats = r.server.stats().at(0);
  EXPECT_EQ(stats.queue_rejections, 1u);
  EXPECT_EQ(stats.max_queue_depth, 1);
  EXPECT_EQ(stats.busy_workers, 0);
}

TEST(MockCapacity, AbortedQueuedRequestGivesItsPlaceBack) {
  core::endpoint_config e = endpoint_with({}, "served");
  e.latency.value = 200ms;
  running r(e, {.workers = 1, .queue = 4});
  std::vector<std::unique_ptr<http_connection>> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(std::make_unique<http_connection>(r.at()));
    clients.back()->send("GET /x HTTP/1.1\r\nHost: t\r\n\r\n");
  }
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (r.server.stats().at(0).queue_depth < 2 && std::chrono::steady_clock::now() < deadline) {
  }
  ASSERT_EQ(r.server.stats().at(0).queue_depth, 2);
  EXPECT_FALSE(r.server.stop(100ms));  // aborts the worker holder and the queued ones
  auto stats = r.server.stats().at(0);
  EXPECT_EQ(stats.busy_workers, 0);
  EXPECT_EQ(stats.queue_depth, 0);
}

}  // namespace
}  // namespace portico::mock
