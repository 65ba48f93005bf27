// Span export to collectors: a gateway traces requests and POSTs OTLP/HTTP JSON and Zipkin v2
// JSON to a mock backend acting as the collector (`record: N` endpoints); the test checks what
// arrived: Content-Type, valid documents in bounded batches, every trace id, and the parent/child
// relation of each request's server and forward spans.
#include "tests/integration/patterns_fixture.hpp"

#include <boost/json/parse.hpp>

#include <map>

namespace portico::testing {
namespace {

namespace json = boost::json;

struct collector {
  collector() {
    auto loaded = core::load_scenario_text(
        "backends:\n"
        "  collector:\n"
        "    endpoints:\n"
        "      - {match: POST /v1/traces, record: 1000}\n"
        "      - {match: POST /api/v2/spans, record: 1000}\n");
    if (!loaded.ok()) throw std::runtime_error(loaded.errors[0].to_string());
    server = std::make_unique<mock::mock_server>(*loaded.scenario, mock::server_options{.admin = ""});
    server->start();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server->endpoints().at(0).endpoint.port()); }
  std::vector<mock::recorded_request> received(std::string_view endpoint) const {
    std::vector<mock::recorded_request> out;
    for (auto& r : server->recorded("collector"))
      if (r.endpoint == endpoint) out.push_back(std::move(r));
    return out;
  }
  std::unique_ptr<mock::mock_server> server;
};

// One request's spans as the collector saw them.
struct trace_seen {
  std::string server_id, server_parent, client_id, client_parent;
  int spans = 0;
};

std::string trace_id_of(int i) {
  const auto n = std::to_string(i + 1);
  return std::string(32 - n.size(), 'a') + n;
}

const std::string caller_span = "00f067aa0ba902b7";

TEST(PatternsTraceExport, CollectorsReceiveEveryTraceAsValidOtlpAndZipkinBatches) {
  collector c;
  constexpr int requests = 12;
  {
    patterns_fixture gw(
        "backends:\n"
        "  users: {endpoints: [{match: GET /x, body: {json: {ok: true}}}]}\n"
        "gateway:\n"
        "  tracing:\n"
        "    otlp_endpoint: " + c.url() + "\n"
        "    zipkin_endpoint: " + c.url() + "\n"
        "    batch_size: 5\n"
        "  listeners:\n"
        "    - routes: [{match: {path: /x}, backend: users}]\n",
        {}, 2);
    for (int i = 0; i < requests; ++i) {
      const auto r = gw.get("/x", "traceparent: 00-" + trace_id_of(i) + "-" + caller_span + "-01\r\n");
      ASSERT_TRUE(r);
      ASSERT_EQ(r->status, 200);
    }
  }  // the gateway stops: its exporter sends what is still buffered

  std::map<std::string, trace_seen> otlp, zipkin;
  const auto otlp_posts = c.received("POST /v1/traces");
  ASSERT_FALSE(otlp_posts.empty());
  for (const auto& post : otlp_posts) {
    EXPECT_EQ(post.target, "/v1/traces");
    EXPECT_EQ(post.content_type, "application/json");
    const auto doc = json::parse(post.body);
    const auto& rs = doc.at("resourceSpans").at(0);
    EXPECT_EQ(rs.at("resource").at("attributes").at(0).at("value").at("stringValue").as_string(), "portico-gateway");
    const auto& spans = rs.at("scopeSpans").at(0).at("spans").as_array();
    EXPECT_LE(spans.size(), 5u);
    for (const auto& s : spans) {
      auto& t = otlp[std::string(s.at("traceId").as_string())];
      ++t.spans;
      const std::string id(s.at("spanId").as_string()), parent(s.at("parentSpanId").as_string());
      if (s.at("kind").as_int64() == 2) t.server_id = id, t.server_parent = parent;
      else t.client_id = id, t.client_parent = parent;
    }
  }
  const auto zipkin_posts = c.received("POST /api/v2/spans");
  ASSERT_FALSE(zipkin_posts.empty());
  for (const auto& post : zipkin_posts) {
    EXPECT_EQ(post.content_type, "application/json");
    const auto doc = json::parse(post.body);
    EXPECT_LE(doc.as_array().size(), 5u);
    for (const auto& s : doc.as_array()) {
      auto& t = zipkin[std::string(s.at("traceId").as_string())];
      ++t.spans;
      const std::string id(s.at("id").as_string()), parent(s.at("parentId").as_string());
      if (s.at("kind").as_string() == "SERVER") t.server_id = id, t.server_parent = parent;
      else t.client_id = id, t.client_parent = parent;
    }
  }
  for (const auto* seen : {&otlp, &zipkin}) {
    ASSERT_EQ(seen->size(), static_cast<std::size_t>(requests));
    for (int i = 0; i < requests; ++i) {
      const auto it = seen->find(trace_id_of(i));
      ASSERT_NE(it, seen->end()) << trace_id_of(i);
      const auto& t = it->second;
      EXPECT_EQ(t.spans, 2);                       // server + forward, each exactly once
      EXPECT_EQ(t.server_parent, caller_span);     // the caller's span is the server span's parent
      EXPECT_EQ(t.client_parent, t.server_id);     // the forward span is the server span's child
      EXPECT_NE(t.client_id, t.server_id);
    }
  }
  EXPECT_EQ(otlp.at(trace_id_of(0)).server_id, zipkin.at(trace_id_of(0)).server_id);  // one span, two encodings
}

}  // namespace
}  // namespace portico::testing
