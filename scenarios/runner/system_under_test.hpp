#pragma once
// The system a scenario measures: its mock backends (those without an external `address`) and
// the reference gateway (unless `gateway.address` names an external one), wired together, plus
// what the runner needs from them while the load runs: the target URL, the timed events (fail,
// slow, reload, ...) and the components' own counters. Two implementations: everything in this
// process (the default: no IPC, exact counters), or `portico mock` / `portico gateway` child
// processes (--processes: the load generator does not share CPU caches and allocator with them).
//
//   auto sut = runner::start_system(scenario, launch);   // throws std::runtime_error
//   loadgen::run(... sut->target_url() ...);  sut->apply(event);  sut->components();
#include "core/config/scenario_config.hpp"
#include "core/results/results.hpp"
#include "core/time/clock.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace portico::runner {

// Something the system noticed itself (a gateway health transition), stamped with
// core::steady_clock_source time so the runner can place it on the run's event log.
struct system_event {
  core::time_point at;
  std::string source;  // "gateway"
  std::string what;    // "users#1 unhealthy (active health check)"
};

// Thread-safety: construct/stop from one thread; apply(), components() and events() from any thread.
class system_under_test {
 public:
  virtual ~system_under_test() = default;
  // load.target, else the gateway (external or listener 0), else the first backend.
  virtual std::string target_url() const = 0;
  // For the log: "gateway public 127.0.0.1:41234", "mock users#0 127.0.0.1:41240", ...
  virtual std::vector<std::string> describe() const = 0;
  // Applies a timed event; returns the event-log text ("users#1 failing (503)", "reload ok", or
  // why it could not be applied). Never throws.
  virtual std::string apply(const core::event_config& event) = 0;
  // Cumulative since start: kind "route" / "backend" / "gateway" from the gateway, kind "mock" per
  // mock instance ("users#0").
  virtual std::vector<core::component_result> components() const = 0;
  // Since start, oldest first (the gateway's active health check transitions).
  virtual std::vector<system_event> events() const { return {}; }
  virtual void stop() = 0;
};

struct launch_options {
  bool processes = false;               // child processes instead of in-process servers
  std::string executable;               // the portico binary (for processes)
  std::string scenario_file;            // what the children load ...
  std::vector<std::string> overrides;   // ... with these --set overrides (variant + command line)
};

// Starts everything and returns once all listeners are ready. Throws std::runtime_error with the
// reason when a part cannot start (a port in use, a child that exits, ...).
std::unique_ptr<system_under_test> start_system(const core::scenario_config& scenario, const launch_options& launch);

// Event-log texts both implementations write, so that a run reads the same in either mode:
// "users#1 unhealthy (active health check)"; "reload ok: v2.yaml (generation 2); <notes>" or
// "reload rejected (running config kept): v2.yaml; <errors>".
std::string health_transition_text(const std::string& instance, bool healthy);
std::string reload_event_text(const std::string& file, bool ok, std::uint64_t generation, const std::vector<std::string>& errors,
                              const std::vector<std::string>& notes);

// What the load goes to when the scenario does not say (load.target): the external gateway, the
// started gateway's first listener (https:// when it terminates TLS), the first started mock
// instance, the first external backend.
std::string choose_target(const core::scenario_config& scenario, const std::string& gateway_listener,
                          const std::string& first_mock);

}  // namespace portico::runner
