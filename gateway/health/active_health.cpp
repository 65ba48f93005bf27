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
  const auto t = step(s, ok, now);
  // Per host and in total, from the same step, so the two views always agree.
  for (auto* c : {&counters_, &s.counters}) {
    ++c->probes;
    c->probe_failures += ok ? 0 : 1;
    c->became_healthy += t == transition::became_healthy ? 1 : 0;
    c->became_unhealthy += t == transition::became_unhealthy ? 1 : 0;
  }
  if (t != transition::none) hosts_.set_healthy(host, t == transition::became_healthy);
  return t;
}

active_health_checker::transition active_health_checker::step(state& s, bool ok, core::time_point now) const noexcept {
  s.next_probe = now + config_.interval;
  if (ok) {
    s.consecutive_fail = 0;
    ++s.consecutive_ok;
    if (!s.healthy && s.consecutive_ok >= std::max(1, config_.healthy_threshold)) {
      s.healthy = true;
      return transition::became_healthy;
    }
    return transition::none;
  }
  s.consecutive_ok = 0;
  ++s.consecutive_fail;
  if (s.healthy && s.consecutive_fail >= std::max(1, config_.unhealthy_threshold)) {
    s.healthy = false;
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
