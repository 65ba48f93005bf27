#pragma once
// The system under test as child processes: `portico mock` and `portico gateway` started from the
// same scenario file with the same --set overrides, ready once they print their `listening` lines.
// Events go through the mock's admin API, reload events through the gateway's (POST /reload
// {"file"}); components come from the gateway admin's GET /components (the same
// gateway_server::components() the in-process mode reads) and the mock's /admin/stats, and the
// gateway's health transitions from its GET /health-events. components() throws
// std::runtime_error when the gateway's counters cannot be read: a run must not report a
// gateway without them as if it had none.
#include "core/util/child_process.hpp"
#include "scenarios/runner/system_under_test.hpp"

#include <map>
#include <memory>

namespace portico::runner {

class process_system final : public system_under_test {
 public:
  process_system(const core::scenario_config& scenario, const launch_options& launch);
  ~process_system() override;

  std::string target_url() const override;
  std::vector<std::string> describe() const override;
  std::string apply(const core::event_config& event) override;
  std::vector<core::component_result> components() const override;
  std::vector<system_event> events() const override;
  void stop() override;

 private:
  void start_mocks(const launch_options& launch);
  void start_gateway(const launch_options& launch);
  std::string reload_gateway(const std::string& event_file);

  const core::scenario_config& scenario_;
  std::unique_ptr<core::child_process> mock_, gateway_;
  std::vector<std::pair<std::string, std::string>> mock_instances_;     // "users#0" -> address, in order
  std::vector<std::pair<std::string, std::string>> gateway_listeners_;  // name -> address
  std::string mock_admin_;
  std::string gateway_admin_;  // empty: no gateway child
};

}  // namespace portico::runner
