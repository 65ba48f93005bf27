#pragma once
// The system under test in this process: mock_server + gateway_server on their own io_context
// threads, events applied through their C++ APIs, counters read from their snapshots.
#include "scenarios/runner/system_under_test.hpp"

namespace portico::runner {

class in_process_system final : public system_under_test {
 public:
  explicit in_process_system(const core::scenario_config& scenario);
  ~in_process_system() override;

  std::string target_url() const override;
  std::vector<std::string> describe() const override;
  std::string apply(const core::event_config& event) override;
  std::vector<core::component_result> components() const override;
  std::vector<system_event> events() const override;
  void stop() override;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace portico::runner
