// `portico mock` as a process: the listening lines, serving, and SIGTERM/SIGINT shutdown.
#include "core/net/endpoint.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/paths.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>

namespace portico::mock {
namespace {

using testing::child_process;
using testing::http_connection;

std::string write_scenario(const std::string& name, const std::string& yaml) {
  std::string path = ::testing::TempDir() + "/" + name + ".yaml";
  std::ofstream(path) << yaml;
  return path;
}

const char* scenario_yaml = R"(
name: cli
seed: 3
backends:
  users:
    instances: 2
    endpoints:
      - match: GET /users/{id}
        body: {json: {id: "{id}"}}
      - match: GET /slow
        latency: 300ms
        body: slow-done
  orders:
    endpoints:
      - match: GET /orders
        body: "[]"
)";

// Reads `listening NAME ADDR` lines until every expected name is seen.
std::map<std::string, boost::asio::ip::tcp::endpoint> listeners(child_process& p, std::size_t count) {
  std::map<std::string, boost::asio::ip::tcp::endpoint> out;
  while (out.size() < count) {
    auto line = p.read_line();
    if (!line) break;
    char name[128], address[128];
    if (std::sscanf(line->c_str(), "listening %127s %127s", name, address) == 2) {
      if (auto e = net::parse_endpoint(address)) out[name] = *e;
    }
  }
  return out;
}

TEST(MockCli, PrintsOneListeningLinePerInstanceAndServesThem) {
  child_process p({testing::portico_binary(), "mock", write_scenario("cli1", scenario_yaml)});
  auto seen = listeners(p, 4);
  ASSERT_EQ(seen.size(), 4u);
  ASSERT_TRUE(seen.count("users#0") && seen.count("users#1") && seen.count("orders#0") && seen.count("admin"));
  EXPECT_EQ(seen["admin"].address().to_string(), "127.0.0.1");
  http_connection c(seen["users#1"]);
  auto reply = c.request("GET", "/users/5");
  EXPECT_EQ(reply.body, R"({"id":"5"})");
  EXPECT_EQ(reply.header("X-Portico-Instance"), "users#1");
  p.signal(SIGTERM);
  EXPECT_EQ(p.wait(), 0);
}

TEST(MockCli, ServesOnlyTheSelectedBackend) {
  child_process p({testing::portico_binary(), "mock", write_scenario("cli2", scenario_yaml), "--backend", "orders",
                   "--admin", "off"});
  auto line = p.read_line();
  ASSERT_TRUE(line);
  EXPECT_EQ(line->rfind("listening orders#0 127.0.0.1:", 0), 0u) << *line;
  EXPECT_FALSE(p.read_line(std::chrono::milliseconds(300)));  // nothing else listens
  p.signal(SIGINT);
  EXPECT_EQ(p.wait(), 0);
}

TEST(MockCli, FinishesARequestInFlightOnSigterm) {
  child_process p({testing::portico_binary(), "mock", write_scenario("cli3", scenario_yaml), "--drain", "5s"});
  auto seen = listeners(p, 4);
  ASSERT_TRUE(seen.count("users#0"));
  http_connection c(seen["users#0"]);
  c.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
  // The request must be inside the server before the signal; the admin stats say when.
  http_connection admin(seen["admin"]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (admin.request("GET", "/admin/stats").body.find("\"in_flight\":1") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
  }
  p.signal(SIGTERM);
  EXPECT_EQ(c.read_response().body, "slow-done");
  EXPECT_EQ(p.wait(), 0);
}

TEST(MockCli, ExitsWith2OnABadScenario) {
  child_process p({testing::portico_binary(), "mock", write_scenario("bad", "backends: {users: {instances: -1}}\n")});
  EXPECT_EQ(p.wait(), 2);
  child_process missing({testing::portico_binary(), "mock", "/nonexistent.yaml"});
  EXPECT_EQ(missing.wait(), 2);
}

}  // namespace
}  // namespace portico::mock
