// The JSON access log over loopback: one parseable line per request (proxied, local 404, and a
// rejected malformed request), attacker-shaped bytes escaped, everything on disk after stop().
#include "core/config/loader.hpp"
#include "gateway/admin/access_log.hpp"
#include "gateway/admin/prometheus.hpp"
#include "gateway/server/gateway_server.hpp"
#include "tests/support/gateway_test_backend.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace portico::gateway {
namespace {

TEST(GatewayAccessLog, WritesOneJsonLinePerRequest) {
  const auto path = std::filesystem::temp_directory_path() / ("portico-access-" + std::to_string(::getpid()) + ".log");
  std::filesystem::remove(path);
  auto loaded = core::load_scenario_text(
      "name: t\nbackends:\n  users: {instances: 1}\ngateway:\n  access_log: " + path.string() +
      "\n  listeners:\n    - name: public\n      address: 127.0.0.1:0\n      routes:\n"
      "        - {name: users, match: {path_prefix: /api}, backend: users}\n");
  ASSERT_TRUE(loaded.ok()) << loaded.errors[0].to_string();
  testing::recording_backend a;
  gateway_server gw(loaded.scenario->gateway, {{"users", {a.address()}}}, {.threads = 2});
  gw.start();
  {
    testing::test_client c(gw.endpoints().at(0).endpoint.port());
    ASSERT_EQ(c.request("GET /api/a%22b?q=%0A1 HTTP/1.1\r\nHost: t\r\nX-Request-Id: req-1\r\n\r\n")->status, 200);
    ASSERT_EQ(c.request("GET /elsewhere HTTP/1.1\r\nHost: t\r\n\r\n")->status, 404);
    ASSERT_EQ(c.request("GET /api HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")->status, 400);
  }
  // The log's line counters reach /metrics and the run results (lines reach the file within
  // ~0.5 s, so only the presence of the series is certain here).
  const auto snap = gw.snapshot();
  EXPECT_TRUE(snap.access_log);
  EXPECT_EQ(snap.access_log_dropped, 0u);
  const std::string metrics = format_prometheus(snap);
  EXPECT_NE(metrics.find("portico_gateway_access_log_lines_total{result=\"dropped\"} 0"), std::string::npos) << metrics;
  const auto components = gw.components();
  EXPECT_TRUE(std::any_of(components.begin(), components.end(), [](const auto& c) {
    return c.kind == "access_log" && c.counters.count("written_lines") == 1 && c.counters.count("dropped_lines") == 1;
  }));
  ASSERT_TRUE(gw.stop(std::chrono::seconds(5)));

  std::ifstream in(path);
  std::vector<boost::json::object> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(boost::json::parse(line).as_object());
  std::filesystem::remove(path);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].at("route").as_string(), "users");
  EXPECT_EQ(lines[0].at("path").as_string(), "/api/a%22b");
  EXPECT_EQ(lines[0].at("query").as_string(), "q=%0A1");
  EXPECT_EQ(lines[0].at("status").as_int64(), 200);
  EXPECT_EQ(lines[0].at("backend").as_string(), "users#0");
  EXPECT_EQ(lines[0].at("request_id").as_string(), "req-1");
  EXPECT_FALSE(lines[0].at("local").as_bool());
  EXPECT_EQ(lines[1].at("status").as_int64(), 404);
  EXPECT_TRUE(lines[1].at("local").as_bool());
  EXPECT_EQ(lines[2].at("status").as_int64(), 400);
}

TEST(AccessLogEscaping, EscapesQuotesBackslashesAndControlBytes) {
  std::string out;
  append_json_escaped(out, std::string("a\"b\\c\n\x01\x7f", 8));
  EXPECT_EQ(out, "a\\\"b\\\\c\\u000a\\u0001\\u007f");
}

}  // namespace
}  // namespace portico::gateway
