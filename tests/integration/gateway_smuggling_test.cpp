// The smuggling suite over loopback: every malformed or ambiguous request of the shared table
// (tests/unit/gateway/http/smuggling_cases.hpp, grouped by RFC rule) is sent to a running gateway
// in front of a recording backend. Each must be answered with the required status and
// "Connection: close", the connection must then end, and the backend must have received nothing
// (head-level cases) or no complete message (body-level cases: a prefix of a chunked body may
// have been streamed before the bad chunk; the upstream connection is then cut, so the backend
// never sees a complete, differently-framed request).
#include "core/config/loader.hpp"
#include "gateway/server/gateway_server.hpp"
#include "tests/support/gateway_test_backend.hpp"
#include "tests/unit/gateway/http/smuggling_cases.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

core::gateway_config catch_all_gateway() {
  auto loaded = core::load_scenario_text(
      "name: t\nbackends:\n  app: {instances: 1}\n"
      "gateway:\n  listeners:\n    - name: public\n      address: 127.0.0.1:0\n"
      "      routes:\n        - match: {path_prefix: /}\n          backend: app\n");
  EXPECT_TRUE(loaded.ok());
  return loaded.scenario->gateway;
}

class GatewaySmuggling : public ::testing::TestWithParam<testing::smuggling_case> {
 protected:
  static void SetUpTestSuite() {
    backend_ = new testing::recording_backend();
    server_ = new gateway_server(catch_all_gateway(), {{"app", {backend_->address()}}}, {.threads = 2});
    server_->start();
  }
  static void TearDownTestSuite() {
    server_->stop(std::chrono::seconds(2));
    delete server_;
    delete backend_;
  }
  static unsigned short port() { return server_->endpoints()[0].endpoint.port(); }
  static testing::recording_backend* backend_;
  static gateway_server* server_;
};
testing::recording_backend* GatewaySmuggling::backend_ = nullptr;
gateway_server* GatewaySmuggling::server_ = nullptr;

TEST_P(GatewaySmuggling, RefusesClosesAndForwardsNothingAmbiguous) {
  const auto& c = GetParam();
  const auto bytes_before = backend_->raw_bytes().size();
  const auto requests_before = backend_->requests().size();
  testing::test_client client(port());
  client.send(c.raw);
  const auto r = client.response();
  ASSERT_TRUE(r) << c.name << ": no parsable answer";
  EXPECT_EQ(r->status, c.status) << c.rule << " " << c.name << "\n" << r->body;
  EXPECT_EQ(r->header("connection"), "close") << c.name;
  EXPECT_EQ(r->header("content-type"), "application/json") << c.name;
  EXPECT_TRUE(client.closed_by_peer()) << c.name;
  EXPECT_EQ(backend_->requests().size(), requests_before) << c.name << ": a complete request reached the backend";
  if (!c.body_level) {
    EXPECT_EQ(backend_->raw_bytes().size(), bytes_before) << c.name << ": bytes reached the backend";
  }
}

INSTANTIATE_TEST_SUITE_P(AllCases, GatewaySmuggling, ::testing::ValuesIn(testing::smuggling_cases()),
                         [](const ::testing::TestParamInfo<testing::smuggling_case>& param_info) { return std::string(param_info.param.name); });

TEST_F(GatewaySmuggling, ABodyThatLooksLikeARequestStaysABody) {
  const std::string inner = "GET /admin HTTP/1.1\r\nHost: a.test\r\n\r\n";
  testing::test_client client(port());
  const auto before = backend_->requests().size();
  const auto r = client.request("POST /in HTTP/1.1\r\nHost: a.test\r\nContent-Length: " + std::to_string(inner.size()) + "\r\n\r\n" + inner);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const auto seen = backend_->requests();
  ASSERT_EQ(seen.size(), before + 1);
  EXPECT_EQ(seen.back().method, "POST");
  EXPECT_EQ(seen.back().body, inner);
}

TEST_F(GatewaySmuggling, PipelinedRequestsAreForwardedOneByOne) {
  testing::test_client client(port());
  const auto before = backend_->requests().size();
  client.send("GET /p1 HTTP/1.1\r\nHost: a.test\r\n\r\nPOST /p2 HTTP/1.1\r\nHost: a.test\r\nContent-Length: 3\r\n\r\nabc"
              "GET /p3 HTTP/1.1\r\nHost: a.test\r\n\r\n");
  for (const char* expected : {"ok GET /p1", "ok POST /p2", "ok GET /p3"}) {
    const auto r = client.response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, expected);
  }
  EXPECT_EQ(backend_->requests().size(), before + 3);
}

TEST_F(GatewaySmuggling, ChunkedBodiesReachTheBackendReEncodedWithoutExtensionsOrTrailers) {
  testing::test_client client(port());
  const auto bytes_before = backend_->raw_bytes().size();
  const auto r = client.request("POST /c HTTP/1.1\r\nHost: a.test\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "3;name=\"v\"\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const auto raw = backend_->raw_bytes().substr(bytes_before);
  EXPECT_NE(raw.find("\r\n\r\n3\r\nabc\r\n0\r\n\r\n"), std::string::npos) << raw;
  EXPECT_EQ(raw.find("X-Trailer"), std::string::npos);
}

TEST_F(GatewaySmuggling, SlowHeadersAreAnsweredWithRequestTimeout) {
  auto config = catch_all_gateway();
  config.limits.header_timeout = std::chrono::milliseconds(200);
  gateway_server gw(config, {{"app", {backend_->address()}}}, {.threads = 1});
  gw.start();
  testing::test_client client(gw.endpoints()[0].endpoint.port());
  client.send("GET / HTTP/1.1\r\nHost: a.test\r\nX-Slow: ");  // ... and nothing more (slowloris)
  const auto r = client.response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 408);
  EXPECT_TRUE(client.closed_by_peer());
}

}  // namespace
}  // namespace portico::gateway
