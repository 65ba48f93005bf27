#pragma once
// Helpers for auth stage tests: a gateway config from inline YAML (one route with the given
// auth: block), the stage built from it, a request_context over a parsed request head, temp files.
#include "core/config/loader.hpp"
#include "gateway/http/message_head.hpp"
#include "gateway/pipeline/stage_factory.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <memory>
#include <string>

namespace portico::gateway::testing {

struct built_route {
  core::gateway_config gateway;
  std::unique_ptr<stage> stage_;
};

inline built_route build_route_stage(const std::string& auth_yaml, stage_factory factory, const core::clock& clock) {
  const std::string yaml =
      "name: t\nbackends: {users: {instances: 1}}\ngateway:\n  listeners:\n    - name: public\n"
      "      address: 127.0.0.1:0\n      routes:\n        - name: r\n          backend: users\n"
      "          match: {path_prefix: /}\n          auth: " +
      auth_yaml + "\n";
  auto loaded = core::load_scenario_text(yaml);
  EXPECT_TRUE(loaded.ok()) << (loaded.errors.empty() ? "" : loaded.errors[0].to_string());
  built_route out{loaded.scenario->gateway, nullptr};
  const auto& listener = out.gateway.listeners.at(0);
  stage_build_context c{out.gateway, listener, &listener.routes.at(0), 0, clock, 1};
  out.stage_ = factory(c);
  return out;
}

// A request context over `raw` (a full request head), reset for every call of run().
class test_request {
 public:
  explicit test_request(std::string raw) : raw_(std::move(raw)) {
    const auto r = http::parse_request(raw_, {}, head_);
    EXPECT_EQ(r.state, http::parse_state::complete) << raw_;
  }
  request_context& context() {
    ctx.reset();
    ctx.request = &head_;
    ctx.headers.reset(&head_);
    ctx.client_ip = "127.0.0.1";
    return ctx;
  }
  stage_result run(const stage& s) { return s.on_request(context()); }
  std::string response_header(std::string_view name) const {
    for (const auto& [n, v] : ctx.response.headers) {
      if (n == name) return v;
    }
    return {};
  }
  request_context ctx;

 private:
  std::string raw_;
  http::request_head head_;
};

inline std::string get_with(const std::string& headers, const std::string& target = "/x") {
  return "GET " + target + " HTTP/1.1\r\nHost: t\r\n" + headers + "\r\n";
}

// A file under the temp dir, named after the test and process: ctest runs tests in parallel.
inline std::string write_temp(const std::string& name, const std::string& text) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string path = ::testing::TempDir() + "portico-" + std::to_string(::getpid()) + "-" +
                           (test ? std::string(test->name()) : "") + "-" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  return path;
}

}  // namespace portico::gateway::testing
