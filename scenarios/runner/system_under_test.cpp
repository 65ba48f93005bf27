#include "scenarios/runner/system_under_test.hpp"

#include "core/util/split.hpp"
#include "scenarios/runner/in_process_system.hpp"
#include "scenarios/runner/process_system.hpp"

#include <stdexcept>

namespace portico::runner {

std::unique_ptr<system_under_test> start_system(const core::scenario_config& scenario, const launch_options& launch) {
  if (launch.processes) return std::make_unique<process_system>(scenario, launch);
  return std::make_unique<in_process_system>(scenario);
}

std::string health_transition_text(const std::string& instance, bool healthy) {
  return instance + (healthy ? " healthy" : " unhealthy") + " (active health check)";
}

std::string reload_event_text(const std::string& file, bool ok, std::uint64_t generation, const std::vector<std::string>& errors,
                              const std::vector<std::string>& notes) {
  std::string text = ok ? "reload ok: " + file + " (generation " + std::to_string(generation) + ")"
                        : "reload rejected (running config kept): " + file;
  for (const auto& line : ok ? notes : errors) text += "; " + line;
  return text;
}

std::string choose_target(const core::scenario_config& scenario, const std::string& gateway_listener,
                          const std::string& first_mock) {
  if (!scenario.load.target.empty()) return scenario.load.target;
  if (!scenario.gateway.address.empty()) return "http://" + scenario.gateway.address;
  if (!gateway_listener.empty()) {
    // The load then verifies the gateway's certificate against load.ca_file (or skips it with insecure).
    const bool tls = !scenario.gateway.listeners.empty() && scenario.gateway.listeners.front().tls.enabled;
    return (tls ? "https://" : "http://") + gateway_listener;
  }
  if (!first_mock.empty()) return "http://" + first_mock;
  for (const auto& b : scenario.backends)
    if (!b.address.empty()) return "http://" + core::split_list(b.address).front();
  throw std::runtime_error("nothing to send load to: set load.target, a gateway listener or a backend");
}

}  // namespace portico::runner
