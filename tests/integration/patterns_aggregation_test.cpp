// Aggregation routes over loopback mock backends: parallel fan-out, merge by key and at top
// level, per-call timeouts, both partial-failure policies, Server-Timing.
#include "tests/integration/patterns_fixture.hpp"

#include <boost/json/parse.hpp>

namespace portico::testing {
namespace {

namespace json = boost::json;

// users answers in ~20ms, orders in ~40ms, slow never within the 50ms call timeout.
std::string scenario(const std::string& on_partial, const std::string& merge = "by_key") {
  return "name: agg\n"
         "backends:\n"
         "  users:\n"
         "    endpoints:\n"
         "      - match: GET /users/{id}\n"
         "        latency: 20ms\n"
         "        body: {json: {id: \"{id}\", name: \"user-{id}\"}}\n"
         "  orders:\n"
         "    endpoints:\n"
         "      - match: GET /orders\n"
         "        latency: 40ms\n"
         "        body: {json: {orders: [1, 2]}}\n"
         "  slow:\n"
         "    endpoints:\n"
         "      - match: GET /slow\n"
         "        latency: 300ms\n"
         "gateway:\n"
         "  listeners:\n"
         "    - name: public\n"
         "      routes:\n"
         "        - match: {path: \"/dash/{id}\"}\n"
         "          aggregate_merge: " + merge + "\n"
         "          aggregate:\n"
         "            user: {backend: users, path: \"/users/{id}\"}\n"
         "            orders: {backend: orders, path: \"/orders?user={id}\"}\n"
         "        - match: {path: \"/partial/{id}\"}\n"
         "          on_partial: " + on_partial + "\n"
         "          aggregate:\n"
         "            user: {backend: users, path: \"/users/{id}\"}\n"
         "            slow: {backend: slow, path: /slow, timeout: 50ms}\n";
}

TEST(PatternsAggregation, MergesParallelCallsByKey) {
  patterns_fixture f(scenario("fail"));
  const auto r = f.get("/dash/7");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const auto doc = json::parse(r->body).as_object();
  EXPECT_EQ(doc.at("user").at("name").as_string(), "user-7");
  EXPECT_EQ(doc.at("orders").at("orders").as_array().size(), 2u);
  EXPECT_EQ(r->header("x-portico-partial"), "");
  const auto timing = r->header("server-timing");
  EXPECT_NE(timing.find("user;dur="), std::string::npos) << timing;
  EXPECT_NE(timing.find("orders;dur="), std::string::npos) << timing;
  EXPECT_NE(timing.find("total;dur="), std::string::npos) << timing;
}

TEST(PatternsAggregation, FanOutTakesTheSlowestCallNotTheSum) {
  patterns_fixture f(scenario("fail"));
  const auto r = f.get("/dash/1");
  ASSERT_TRUE(r);
  // total ≈ max(20ms, 40ms), not 60ms: read the gateway's own Server-Timing figures.
  const auto timing = r->header("server-timing");
  auto dur = [&](const std::string& name) {
    const auto at = timing.find(name + ";dur=");
    return at == std::string::npos ? -1.0 : std::stod(timing.substr(at + name.size() + 5));
  };
  ASSERT_GT(dur("orders"), 0);
  EXPECT_LT(dur("total"), dur("orders") + dur("user"));
  EXPECT_GE(dur("total"), dur("orders"));
}

TEST(PatternsAggregation, MergesAtTopLevel) {
  patterns_fixture f(scenario("fail", "top_level"));
  const auto r = f.get("/dash/3");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  const auto doc = json::parse(r->body).as_object();
  EXPECT_EQ(doc.at("name").as_string(), "user-3");
  EXPECT_TRUE(doc.at("orders").is_array());
}

TEST(PatternsAggregation, FailPolicyAnswers504WhenACallTimesOut) {
  patterns_fixture f(scenario("fail"));
  const auto r = f.get("/partial/1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 504);
  EXPECT_NE(r->body.find("aggregate_failed"), std::string::npos);
  EXPECT_NE(r->body.find("slow"), std::string::npos);
  EXPECT_NE(r->header("server-timing").find("slow;dur="), std::string::npos);
}

TEST(PatternsAggregation, ReturnPartialMarksHeaderAndBody) {
  patterns_fixture f(scenario("return_partial"));
  const auto r = f.get("/partial/9");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->header("x-portico-partial"), "true");
  const auto doc = json::parse(r->body).as_object();
  EXPECT_EQ(doc.at("user").at("id").as_string(), "9");
  EXPECT_TRUE(doc.at("_partial").as_bool());
  EXPECT_EQ(doc.at("_errors").at("slow").as_string(), "timeout");
  EXPECT_EQ(doc.count("slow"), 0u);
  EXPECT_NE(r->header("server-timing").find("desc=\"timeout\""), std::string::npos) << r->header("server-timing");
}

TEST(PatternsAggregation, FailedBackendStatusIsAPartialFailure) {
  patterns_fixture f(scenario("return_partial"));
  f.mock_server->set_state("orders", -1, {.failed = true, .fail_status = 503});
  const auto r = f.get("/dash/2");
  ASSERT_TRUE(r);
  // /dash uses the default policy (fail): a 503 from one call fails the whole request.
  EXPECT_EQ(r->status, 502);
  EXPECT_NE(r->body.find("status_503"), std::string::npos) << r->body;
}

TEST(PatternsAggregation, KeepsServingOnOneConnection) {
  patterns_fixture f(scenario("fail"));
  test_client c(f.port());
  for (int i = 0; i < 5; ++i) {
    const auto r = c.request("GET /dash/" + std::to_string(i) + " HTTP/1.1\r\nHost: t\r\n\r\n");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
}

}  // namespace
}  // namespace portico::testing
