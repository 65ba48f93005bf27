#include "scenarios/runner/in_process_system.hpp"

#include "core/config/loader.hpp"
#include "core/net/endpoint.hpp"
#include "core/util/split.hpp"
#include "gateway/server/gateway_server.hpp"
#include "mock-backends/server/mock_server.hpp"

#include <filesystem>
#include <optional>
#include <stdexcept>

namespace portico::runner {

namespace {

constexpr std::chrono::milliseconds stop_deadline{2000};

core::component_result mock_component(const mock::instance_stats& s) {
  core::component_result c;
  c.kind = "mock";
  c.name = s.name;
  auto& n = c.counters;
  n["requests"] = static_cast<double>(s.requests);
  n["connections"] = static_cast<double>(s.connections);
  for (int cls = 1; cls <= 5; ++cls)
    n["status_" + std::to_string(cls) + "xx"] = static_cast<double>(s.by_class[static_cast<std::size_t>(cls)]);
  n["faults_injected"] = static_cast<double>(s.faults_injected);
  n["queue_rejections"] = static_cast<double>(s.queue_rejections);
  n["bad_requests"] = static_cast<double>(s.bad_requests);
  n["max_queue_depth"] = s.max_queue_depth;
  return c;
}

std::string instance_label(const core::event_config& e) {
  return e.instance < 0 ? e.backend + " (all instances)" : e.backend + "#" + std::to_string(e.instance);
}

}  // namespace

struct in_process_system::impl {
  const core::scenario_config& scenario;
  std::unique_ptr<mock::mock_server> mocks;
  std::unique_ptr<gateway::gateway_server> gateway;

  explicit impl(const core::scenario_config& s) : scenario(s) {}

  bool needs_mocks() const {
    for (const auto& b : scenario.backends)
      if (b.address.empty()) return true;
    return false;
  }

  void start_mocks() {
    mock::server_options options;
    options.threads = std::max(1, scenario.mock.threads);
    options.admin.clear();  // in process, events call set_state directly; no port to expose
    for (const auto& b : scenario.backends)
      if (b.address.empty()) options.backends.push_back(b.name);
    mocks = std::make_unique<mock::mock_server>(scenario, options);
    mocks->start();
  }

  gateway::backend_endpoints backend_addresses() const {
    gateway::backend_endpoints out;
    for (const auto& b : scenario.backends)
      if (!b.address.empty()) out[b.name] = core::split_list(b.address);
    if (mocks)
      for (const auto& e : mocks->endpoints()) out[e.backend].push_back(net::format_endpoint(e.endpoint));
    return out;
  }

  void start_gateway() {
    gateway::gateway_options options;
    options.clock = &core::steady_clock_source::instance();  // events() promises this clock's time
    options.threads = std::max(1, scenario.gateway.threads);
    options.seed = scenario.seed;
    for (const auto& b : scenario.backends)
      if (!b.weights.empty()) options.weights[b.name].assign(b.weights.begin(), b.weights.end());
    gateway = std::make_unique<gateway::gateway_server>(scenario.gateway, backend_addresses(), options);
    gateway->start();
  }

  std::string apply_to_mock(const core::event_config& e) {
    using action = core::event_config::action;
    if (!mocks) return "ignored: no mock backends run in this process";
    auto state = mocks->state(e.backend, e.instance < 0 ? 0 : e.instance);
    if (!state) return "ignored: no mock instance " + instance_label(e);
    std::string what;
    switch (e.what) {
      case action::fail: state->failed = true; state->fail_by_reset = false; what = "failing (" + std::to_string(state->fail_status) + ")"; break;
      // A killed process refuses connections; in process the closest honest stand-in is a reset
      // of every request, which the gateway counts as a connect/read failure, not as a 5xx.
      case action::kill: state->failed = true; state->fail_by_reset = true; what = "killed (connections reset)"; break;
      case action::recover: *state = mock::instance_state{}; what = "recovered"; break;
      case action::slow: state->extra_latency = e.latency; what = "slow (+" + std::to_string(e.latency.count() / 1'000'000) + " ms)"; break;
      case action::unhealthy: state->unhealthy = true; what = "health endpoint failing"; break;
      case action::healthy: state->unhealthy = false; what = "health endpoint ok"; break;
      case action::reload: break;
    }
    if (!mocks->set_state(e.backend, e.instance, *state)) return "ignored: no mock instance " + instance_label(e);
    return instance_label(e) + " " + what;
  }

  // The new file is a whole scenario; only its gateway section is used. A relative path is
  // taken from the scenario file's directory, so a scenario and its reload target travel together.
  std::string reload_gateway(const std::string& file) {
    if (!gateway) return "reload ignored: no gateway runs in this process";
    std::filesystem::path path(file);
    if (path.is_relative() && !scenario.file.empty()) path = std::filesystem::path(scenario.file).parent_path() / path;
    const auto loaded = core::load_scenario_file(path.string());
    if (!loaded.ok()) {
      std::string text = "reload rejected (" + std::to_string(loaded.errors.size()) + " errors, running config kept): ";
      text += loaded.errors.front().to_string();
      return text;
    }
    const auto result = gateway->reload(loaded.scenario->gateway);
    return reload_event_text(path.string(), result.ok, result.generation, result.errors, result.notes);
  }
};

in_process_system::in_process_system(const core::scenario_config& scenario) : impl_(std::make_unique<impl>(scenario)) {
  try {
    if (impl_->needs_mocks()) impl_->start_mocks();
    if (scenario.gateway.enabled && scenario.gateway.address.empty() && !scenario.gateway.listeners.empty())
      impl_->start_gateway();
  } catch (const std::exception& e) {
    stop();
    throw std::runtime_error(std::string("cannot start the system under test: ") + e.what());
  }
}

in_process_system::~in_process_system() { stop(); }

std::string in_process_system::target_url() const {
  std::string listener, mock;
  if (impl_->gateway) {
    const auto endpoints = impl_->gateway->endpoints();
    if (!endpoints.empty()) listener = net::format_endpoint(endpoints.front().endpoint);
  }
  if (impl_->mocks) {
    const auto endpoints = impl_->mocks->endpoints();
    if (!endpoints.empty()) mock = net::format_endpoint(endpoints.front().endpoint);
  }
  return choose_target(impl_->scenario, listener, mock);
}

std::vector<std::string> in_process_system::describe() const {
  std::vector<std::string> lines;
  if (impl_->gateway) {
    for (const auto& l : impl_->gateway->endpoints()) lines.push_back("gateway " + l.name + " " + net::format_endpoint(l.endpoint));
    if (const auto admin = impl_->gateway->admin_endpoint())
      lines.push_back("gateway admin " + net::format_endpoint(*admin) + " (/metrics, /config, /health, /components, /health-events, POST /reload)");
  }
  if (impl_->mocks)
    for (const auto& e : impl_->mocks->endpoints()) lines.push_back("mock " + e.name + " " + net::format_endpoint(e.endpoint));
  return lines;
}

std::string in_process_system::apply(const core::event_config& event) {
  if (event.what != core::event_config::action::reload) return impl_->apply_to_mock(event);
  return impl_->reload_gateway(event.file);
}

std::vector<core::component_result> in_process_system::components() const {
  std::vector<core::component_result> out;
  if (impl_->gateway) out = impl_->gateway->components();
  if (impl_->mocks)
    for (const auto& s : impl_->mocks->stats()) out.push_back(mock_component(s));
  return out;
}

std::vector<system_event> in_process_system::events() const {
  std::vector<system_event> out;
  if (impl_->gateway)
    for (const auto& e : impl_->gateway->health_events())
      out.push_back({e.at, "gateway", health_transition_text(e.instance, e.healthy)});
  return out;
}

void in_process_system::stop() {
  if (!impl_) return;
  // The gateway first: it may still hold requests to the mocks.
  if (impl_->gateway) impl_->gateway->stop(stop_deadline);
  if (impl_->mocks) impl_->mocks->stop(stop_deadline);
}

}  // namespace portico::runner
