#include "mock-backends/behaviour/fault_plan.hpp"

#include <algorithm>

namespace portico::mock {

std::string_view to_string(fault_kind kind) noexcept {
  switch (kind) {
    case fault_kind::none: return "none";
    case fault_kind::hang: return "hang";
    case fault_kind::reset: return "reset";
    case fault_kind::malformed: return "malformed";
    case fault_kind::status: return "status";
    case fault_kind::close_mid_body: return "close_mid_body";
    case fault_kind::slow_body: return "slow_body";
  }
  return "none";
}

fault_plan::fault_plan(const core::fault_config& config) {
  auto add = [this](double probability, fault_decision decision) {
    if (!(probability > 0)) return;
    total_ = std::min(1.0, total_ + probability);
    bands_.push_back({total_, decision});
  };
  add(config.hang, {fault_kind::hang});
  add(config.reset, {fault_kind::reset});
  add(config.malformed, {fault_kind::malformed});
  for (const auto& s : config.statuses) add(s.probability, {fault_kind::status, s.status});
  add(config.close_mid_body, {fault_kind::close_mid_body});
  add(config.slow_body, {fault_kind::slow_body, 0, std::max<std::uint64_t>(1, config.slow_body_bytes_per_second)});
}

fault_decision fault_plan::decide(rng& random) const noexcept {
  if (bands_.empty()) return {};
  double u = random.uniform();
  for (const auto& b : bands_) {
    if (u < b.upper) return b.decision;
  }
  return {};
}

}  // namespace portico::mock
