#include "gateway/resilience/circuit_breaker.hpp"

#include <algorithm>

namespace portico::gateway {

circuit_breaker::circuit_breaker(const core::circuit_breaker_config& config) : config_(config) {}

breaker_permit circuit_breaker::try_acquire(core::time_point now) {
  std::lock_guard lock(mutex_);
  if (!config_.enabled) {
    ++counters_.allowed;
    ++counters_.in_flight;
    return {};
  }
  if (state_ == breaker_state::open && now >= open_until_) state_ = breaker_state::half_open;
  if (state_ == breaker_state::open ||
      (state_ == breaker_state::half_open && probes_in_flight_ >= std::max(1, config_.half_open_probes))) {
    ++counters_.rejected_open;
    return {admission::rejected_open, false};
  }
  if (counters_.in_flight >= config_.max_requests) {
    ++counters_.rejected_max_requests;
    return {admission::rejected_max_requests, false};
  }
  ++counters_.allowed;
  ++counters_.in_flight;
  const bool probe = state_ == breaker_state::half_open;
  if (probe) ++probes_in_flight_;
  return {admission::allowed, probe};
}

void circuit_breaker::on_result(const breaker_permit& permit, upstream_outcome outcome, core::time_point now) {
  if (!permit.allowed()) return;
  std::lock_guard lock(mutex_);
  --counters_.in_flight;
  if (!config_.enabled) return;
  const bool failed = outcome.is_failure();
  if (permit.probe) {
    --probes_in_flight_;
    if (state_ != breaker_state::half_open) return;  // another probe already decided
    if (failed) {
      open_locked(now);
    } else {
      state_ = breaker_state::closed;
      consecutive_failures_ = 0;
      ++counters_.closed;
    }
    return;
  }
  if (state_ != breaker_state::closed) return;  // late results of requests admitted before opening
  if (!failed) {
    consecutive_failures_ = 0;
  } else if (++consecutive_failures_ >= std::max(1, config_.consecutive_failures)) {
    open_locked(now);
  }
}

void circuit_breaker::open_locked(core::time_point now) {
  state_ = breaker_state::open;
  open_until_ = now + config_.open_for;
  consecutive_failures_ = 0;
  ++counters_.opened;
}

bool circuit_breaker::try_enter_pending() {
  std::lock_guard lock(mutex_);
  if (config_.enabled && counters_.pending >= config_.max_pending) {
    ++counters_.rejected_max_pending;
    return false;
  }
  ++counters_.pending;
  return true;
}

void circuit_breaker::leave_pending() {
  std::lock_guard lock(mutex_);
  --counters_.pending;
}

breaker_state circuit_breaker::state(core::time_point now) const {
  std::lock_guard lock(mutex_);
  return state_ == breaker_state::open && now >= open_until_ ? breaker_state::half_open : state_;
}

breaker_counters circuit_breaker::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

const char* to_string(breaker_state state) noexcept {
  switch (state) {
    case breaker_state::closed: return "closed";
    case breaker_state::open: return "open";
    case breaker_state::half_open: return "half_open";
  }
  return "unknown";
}

}  // namespace portico::gateway
