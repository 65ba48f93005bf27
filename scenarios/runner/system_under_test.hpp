#pragma once
// The system a scenario measures, brought up in this process: the mock backends (those without an
// external `address`) and the reference gateway (unless `gateway.address` names an external one),
// wired together, plus what the runner needs from them while the load runs: the target URL, the
// timed events (fail, slow, reload, ...) and the components' own counters.
//
//   runner::system_under_test sut(scenario);   // starts everything; throws on a bad set-up
//   auto url = sut.target_url();               // load.target, else gateway listener 0, else backend 0
//   sut.apply(event);                          // -> what happened, for the event log
//   auto parts = sut.components();             // gateway routes/backends + mock instances
//   sut.stop();                                // also done by the destructor
//
// Thread-safety: construct/stop from one thread; apply() and components() from any thread.
#include "core/config/scenario_config.hpp"
#include "core/results/results.hpp"

#include <memory>
#include <string>
#include <vector>

namespace portico::runner {

class system_under_test {
 public:
  // Throws std::runtime_error (with the reason) when a part cannot start: a port in use, a
  // gateway route naming a backend with no instances, ...
  explicit system_under_test(const core::scenario_config& scenario);
  ~system_under_test();
  system_under_test(const system_under_test&) = delete;
  system_under_test& operator=(const system_under_test&) = delete;

  std::string target_url() const;
  // "listening" lines for the log: "gateway public 127.0.0.1:41234", "mock users#0 127.0.0.1:..."
  std::vector<std::string> describe() const;

  // Applies a timed event; returns the event-log text ("users#1 failing (503)", "reload ok", or
  // why it could not be applied). Never throws.
  std::string apply(const core::event_config& event);

  // Cumulative since start: kind "route" / "backend" / "gateway" from the gateway, kind "mock"
  // per mock instance ("users#0").
  std::vector<core::component_result> components() const;

  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace portico::runner
