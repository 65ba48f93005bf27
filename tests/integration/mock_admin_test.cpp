// The mock's admin API over HTTP: token, state changes that the data path obeys, stats JSON.
#include "mock-backends/server/mock_server.hpp"
#include "tests/support/http_client.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace portico::mock {
namespace {

using testing::http_connection;

const std::string auth = "Authorization: Bearer s3cret\r\n";

struct running {
  mock_server server;
  running() : server(make(), server_options{.admin = "127.0.0.1:0", .admin_token = "s3cret"}) { server.start(); }
  static core::scenario_config make() {
    core::scenario_config s;
    core::backend_config b;
    b.name = "users";
    b.instances = 2;
    core::endpoint_config e;
    e.path = "/users";
    b.endpoints.push_back(e);
    core::endpoint_config sink;  // a collector-like endpoint that keeps the last 2 requests
    sink.method = "POST";
    sink.path = "/sink";
    sink.record = 2;
    b.endpoints.push_back(sink);
    s.backends.push_back(std::move(b));
    return s;
  }
  http_connection admin() { return http_connection(*server.admin_endpoint()); }
  http_connection instance(int i) { return http_connection(server.endpoints().at(static_cast<std::size_t>(i)).endpoint); }
};

TEST(MockAdmin, RefusesEveryRequestWithoutTheToken) {
  running r;
  auto c = r.admin();
  auto reply = c.request("POST", "/admin/backends/users/fail");
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(reply.header("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(c.request("GET", "/admin/stats", "Authorization: Bearer wrong\r\n").status, 401);
  EXPECT_FALSE(r.server.state("users", 0)->failed);
}

TEST(MockAdmin, FailAndRecoverOneInstance) {
  running r;
  auto admin = r.admin();
  auto reply = admin.request("POST", "/admin/backends/users/instances/1/fail?status=502", auth);
  ASSERT_EQ(reply.status, 200) << reply.body;
  auto one = r.instance(1), zero = r.instance(0);
  EXPECT_EQ(one.request("GET", "/users").status, 502);
  EXPECT_EQ(zero.request("GET", "/users").status, 200);
  EXPECT_EQ(admin.request("POST", "/admin/backends/users/instances/1/recover", auth).status, 200);
  EXPECT_EQ(one.request("GET", "/users").status, 200);
}

TEST(MockAdmin, FailByResetResetsConnections) {
  running r;
  auto admin = r.admin();
  ASSERT_EQ(admin.request("POST", "/admin/backends/users/instances/0/fail?mode=reset", auth).status, 200);
  auto c = r.instance(0);
  EXPECT_EQ(c.request("GET", "/users").what, testing::http_result::outcome::reset);
}

TEST(MockAdmin, UnhealthyAndSlowApplyToEveryInstanceOfABackend) {
  running r;
  auto admin = r.admin();
  ASSERT_EQ(admin.request("POST", "/admin/backends/users/unhealthy", auth).status, 200);
  ASSERT_EQ(admin.request("POST", "/admin/backends/users/slow?latency=150ms", auth).status, 200);
  for (int i = 0; i < 2; ++i) {
    auto c = r.instance(i);
    EXPECT_EQ(c.request("GET", "/health").status, 503);
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(c.request("GET", "/users").status, 200);
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
  }
  EXPECT_EQ(admin.request("POST", "/admin/backends/users/healthy", auth).status, 200);
  EXPECT_EQ(r.instance(1).request("GET", "/health").status, 200);
}

TEST(MockAdmin, StatsReportCountersPerInstance) {
  running r;
  auto c = r.instance(1);
  c.request("GET", "/users");
  c.request("GET", "/nope");
  auto reply = r.admin().request("GET", "/admin/stats", auth);
  ASSERT_EQ(reply.status, 200);
  auto doc = boost::json::parse(reply.body).as_object();
  auto& instances = doc["instances"].as_array();
  ASSERT_EQ(instances.size(), 2u);
  auto& second = instances[1].as_object();
  EXPECT_EQ(second["name"].as_string(), "users#1");
  EXPECT_EQ(second["requests"].to_number<int>(), 2);
  EXPECT_EQ(second["responses"].as_object()["2xx"].to_number<int>(), 1);
  EXPECT_EQ(second["responses"].as_object()["4xx"].to_number<int>(), 1);
}

TEST(MockAdmin, ListsTheLastRecordedRequestsWithTheirBodies) {
  running r;
  auto c = r.instance(0);
  for (const char* body : {"{\"n\":1}", "{\"n\":2}", "{\"n\":3}"})
    ASSERT_EQ(c.request("POST", "/sink?x=1", "Content-Type: application/json\r\n", body).status, 200);
  c.request("GET", "/users");  // not a recording endpoint
  auto reply = r.admin().request("GET", "/admin/backends/users/recorded", auth);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto doc = boost::json::parse(reply.body);
  const auto& list = doc.at("requests").as_array();
  ASSERT_EQ(list.size(), 2u);  // bounded: the oldest went first
  EXPECT_EQ(list[0].at("body").as_string(), "{\"n\":2}");
  EXPECT_EQ(list[1].at("body").as_string(), "{\"n\":3}");
  EXPECT_EQ(list[1].at("sequence").to_number<int>(), 3);
  EXPECT_EQ(list[1].at("target").as_string(), "/sink?x=1");
  EXPECT_EQ(list[1].at("content_type").as_string(), "application/json");
  EXPECT_EQ(list[1].at("endpoint").as_string(), "POST /sink");
  EXPECT_EQ(list[1].at("instance").as_string(), "users#0");
  EXPECT_EQ(r.server.recorded("users").size(), 2u);
  EXPECT_EQ(r.admin().request("POST", "/admin/backends/users/recorded", auth).status, 405);
  EXPECT_EQ(r.admin().request("GET", "/admin/backends/nobody/recorded", auth).status, 404);
}

TEST(MockAdmin, RejectsUnknownTargetsAndBadParameters) {
  running r;
  auto admin = r.admin();
  EXPECT_EQ(admin.request("POST", "/admin/backends/nobody/fail", auth).status, 404);
  EXPECT_EQ(admin.request("POST", "/admin/backends/users/instances/9/fail", auth).status, 404);
  EXPECT_EQ(admin.request("POST", "/admin/backends/users/explode", auth).status, 404);
  EXPECT_EQ(admin.request("POST", "/admin/backends/users/slow?latency=soon", auth).status, 400);
  EXPECT_EQ(admin.request("GET", "/admin/backends/users/fail", auth).status, 405);
  EXPECT_EQ(admin.request("POST", "/admin/backends/users/fail?status=99", auth).status, 400);
}

}  // namespace
}  // namespace portico::mock
