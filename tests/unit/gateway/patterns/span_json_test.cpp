#include "gateway/patterns/span_json.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace portico::gateway::patterns {
namespace {

namespace json = boost::json;

std::vector<span_data> two_spans() {
  span_data server;
  server.trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
  server.span_id = "00f067aa0ba902b7";
  server.parent_id = "1111111111111111";
  server.name = "GET \"quoted\\route\"";
  server.start_unix_ns = 1'700'000'000'123'456'789;
  server.end_unix_ns = 1'700'000'000'125'456'789;
  server.tracestate = "congo=t61rcWkgMzE";
  server.status_code = 503;
  server.error = true;
  server.attributes = {{"url.path", "/a\nb\x01"}, {"http.route", "r"}};
  span_data client;
  client.trace_id = server.trace_id;
  client.span_id = "2222222222222222";
  client.parent_id = server.span_id;
  client.name = "forward users";
  client.what = span_data::kind::client;
  client.start_unix_ns = server.start_unix_ns + 1000;
  client.end_unix_ns = client.start_unix_ns + 500;  // under a microsecond: Zipkin still says 1
  client.attributes = {{"portico.backend", "users"}, {"portico.backend", "users-v2"}};
  return {server, client};
}

TEST(SpanJson, OtlpDocumentCarriesIdsTimesKindsAttributesAndStatus) {
  const auto doc = json::parse(otlp_json(two_spans(), "gw \"1\""));
  const auto& rs = doc.at("resourceSpans").at(0);
  EXPECT_EQ(rs.at("resource").at("attributes").at(0).at("value").at("stringValue").as_string(), "gw \"1\"");
  EXPECT_EQ(rs.at("scopeSpans").at(0).at("scope").at("name").as_string(), "portico.gateway");
  const auto& spans = rs.at("scopeSpans").at(0).at("spans").as_array();
  ASSERT_EQ(spans.size(), 2u);
  const auto& s = spans[0];
  EXPECT_EQ(s.at("traceId").as_string(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(s.at("spanId").as_string(), "00f067aa0ba902b7");
  EXPECT_EQ(s.at("parentSpanId").as_string(), "1111111111111111");
  EXPECT_EQ(s.at("traceState").as_string(), "congo=t61rcWkgMzE");
  EXPECT_EQ(s.at("name").as_string(), "GET \"quoted\\route\"");
  EXPECT_EQ(s.at("kind").as_int64(), 2);
  EXPECT_EQ(s.at("startTimeUnixNano").as_string(), "1700000000123456789");
  EXPECT_EQ(s.at("endTimeUnixNano").as_string(), "1700000000125456789");
  EXPECT_EQ(s.at("status").at("code").as_int64(), 2);
  const auto& attributes = s.at("attributes").as_array();
  ASSERT_EQ(attributes.size(), 3u);
  EXPECT_EQ(attributes[0].at("value").at("stringValue").as_string(), "/a\nb\x01");
  EXPECT_EQ(attributes[2].at("key").as_string(), "http.response.status_code");
  EXPECT_EQ(attributes[2].at("value").at("intValue").as_string(), "503");
  EXPECT_EQ(spans[1].at("kind").as_int64(), 3);
  EXPECT_EQ(spans[1].at("parentSpanId").as_string(), "00f067aa0ba902b7");
  EXPECT_FALSE(spans[1].as_object().contains("traceState"));
  EXPECT_EQ(spans[1].at("status").at("code").as_int64(), 0);
}

TEST(SpanJson, ZipkinSpansUseMicrosecondsAndWriteEachTagOnce) {
  const auto doc = json::parse(zipkin_json(two_spans(), "gw"));
  const auto& spans = doc.as_array();
  ASSERT_EQ(spans.size(), 2u);
  const auto& s = spans[0].as_object();
  EXPECT_EQ(s.at("id").as_string(), "00f067aa0ba902b7");
  EXPECT_EQ(s.at("parentId").as_string(), "1111111111111111");
  EXPECT_EQ(s.at("kind").as_string(), "SERVER");
  EXPECT_EQ(s.at("timestamp").as_int64(), 1'700'000'000'123'456);
  EXPECT_EQ(s.at("duration").as_int64(), 2000);
  EXPECT_EQ(s.at("localEndpoint").at("serviceName").as_string(), "gw");
  EXPECT_EQ(s.at("tags").at("http.status_code").as_string(), "503");
  EXPECT_EQ(s.at("tags").at("error").as_string(), "503");
  EXPECT_EQ(s.at("tags").at("url.path").as_string(), "/a\nb\x01");
  const auto& client = spans[1].as_object();
  EXPECT_EQ(client.at("duration").as_int64(), 1);
  EXPECT_EQ(client.at("kind").as_string(), "CLIENT");
  EXPECT_EQ(client.at("tags").as_object().size(), 1u);  // the later attribute of a key wins
  EXPECT_EQ(client.at("tags").at("portico.backend").as_string(), "users-v2");
  EXPECT_FALSE(client.at("tags").as_object().contains("error"));
}

TEST(SpanJson, EscapesEveryControlCharacterQuoteAndBackslash) {
  std::string all;
  for (int c = 1; c < 128; ++c) all += static_cast<char>(c);
  all += "\xc3\xa9";  // UTF-8 passes through
  std::string out;
  append_json_string(out, all);
  EXPECT_EQ(json::parse(out).as_string(), all);
  EXPECT_EQ(out.find('\n'), std::string::npos);
}

TEST(SpanJson, AnEmptyBatchIsStillAValidDocument) {
  EXPECT_EQ(json::parse(zipkin_json({}, "gw")).as_array().size(), 0u);
  EXPECT_TRUE(json::parse(otlp_json({}, "gw")).at("resourceSpans").at(0).at("scopeSpans").at(0).at("spans").as_array().empty());
}

}  // namespace
}  // namespace portico::gateway::patterns
