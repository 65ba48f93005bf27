#include "gateway/health/active_health.hpp"

#include <algorithm>

namespace portico::gateway {

active_health_checker::active_health_checker(const core::health_check_config& config, host_set& hosts,
                                             core::time_point start)
    : config_(config), hosts_(hosts), hosts_state_(hosts.size()) {
  for (std::size_t i = 0; i < hosts_state_.size(); ++i) {
    hosts_state_[i].next_probe = start;
    hosts_.set_healthy(i, true);
  }
}

active_health_checker::transition active_health_checker::on_probe_result(std::size_t host, bool ok,
                                                                         core::time_point now) {
  auto& s = hosts_state_[host];
  ++counters_.probes;
  s.next_probe = now + config_.interval;
  if (ok) {
    s.consecutive_fail = 0;
    ++s.consecutive_ok;
    if (!s.healthy && s.consecutive_ok >= std::max(1, config_.healthy_threshold)) {
      s.healthy = true;
      hosts_.set_healthy(host, true);
      ++counters_.became_healthy;
      return transition::became_healthy;
    }
    return transition::none;
  }
  ++counters_.probe_failures;
  s.consecutive_ok = 0;
  ++s.consecutive_fail;
  if (s.healthy && s.consecutive_fail >= std::max(1, config_.unhealthy_threshold)) {
    s.healthy = false;
    hosts_.set_healthy(host, false);
    ++counters_.became_unhealthy;
    return transition::became_unhealthy;
  }
  return transition::none;
}

core::time_point active_health_checker::next_due() const noexcept {
  if (hosts_state_.empty()) return {};
  auto due = hosts_state_.front().next_probe;
  for (const auto& s : hosts_state_) due = std::min(due, s.next_probe);
  return due;
}

}  // namespace portico::gateway
