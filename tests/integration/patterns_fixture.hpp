#pragma once
// Loopback fixture for the gateway-pattern tests: a scenario's mock backends (in process) and the
// gateway in front of them; extra backends (e.g. a recording_backend) can be added by address.
#include "core/config/loader.hpp"
#include "gateway/server/gateway_server.hpp"
#include "mock-backends/server/mock_server.hpp"
#include "tests/support/gateway_test_backend.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

namespace portico::testing {

struct patterns_fixture {
  explicit patterns_fixture(const std::string& yaml, gateway::backend_endpoints extra = {}, int threads = 1) {
    auto loaded = core::load_scenario_text(yaml);
    if (!loaded.ok()) throw std::runtime_error(loaded.errors[0].to_string());
    scenario = *loaded.scenario;
    gateway::backend_endpoints backends = std::move(extra);
    const bool any_mock = std::any_of(scenario.backends.begin(), scenario.backends.end(), [](const auto& b) { return b.address.empty(); });
    if (any_mock) {
      mock::server_options mo;
      mo.admin = "";
      mock_server = std::make_unique<mock::mock_server>(scenario, mo);
      mock_server->start();
      for (const auto& e : mock_server->endpoints())
        backends[e.backend].push_back("127.0.0.1:" + std::to_string(e.endpoint.port()));
    }
    gateway::gateway_options options;
    options.threads = threads;
    server = std::make_unique<gateway::gateway_server>(scenario.gateway, backends, options);
    server->start();
  }
  ~patterns_fixture() {
    if (server) server->stop(std::chrono::seconds(2));
    if (mock_server) mock_server->stop(std::chrono::seconds(2));
  }
  unsigned short port(std::size_t listener = 0) const { return server->endpoints().at(listener).endpoint.port(); }
  std::optional<parsed_response> get(const std::string& target, const std::string& headers = "", std::size_t listener = 0) const {
    test_client c(port(listener));
    return c.request("GET " + target + " HTTP/1.1\r\nHost: t\r\n" + headers + "\r\n");
  }

  core::scenario_config scenario;
  std::unique_ptr<mock::mock_server> mock_server;
  std::unique_ptr<gateway::gateway_server> server;
};

}  // namespace portico::testing
