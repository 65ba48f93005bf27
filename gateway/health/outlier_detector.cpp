#include "gateway/health/outlier_detector.hpp"

#include <cmath>

namespace portico::gateway {

outlier_detector::outlier_detector(const core::outlier_detection_config& config, host_set& hosts)
    : config_(config), hosts_(hosts), state_(hosts.size()) {
  // floor() with a small epsilon so 0.5 x 4 hosts is exactly 2 despite binary fractions.
  const double cap = std::floor(static_cast<double>(hosts.size()) * config.max_ejection_percent + 1e-9);
  max_ejected_ = cap <= 0 ? 0 : static_cast<std::size_t>(cap);
}

bool outlier_detector::on_result(std::size_t host, upstream_outcome outcome, core::time_point now) {
  if (!config_.enabled) return false;
  std::lock_guard lock(mutex_);
  refresh_locked(now);
  auto& s = state_[host];
  if (s.ejected) return false;  // late results of attempts started before the ejection
  if (!outcome.is_failure()) {
    s.consecutive_5xx = 0;
    s.consecutive_connect = 0;
    return false;
  }
  const bool connect = outcome.what == upstream_outcome::kind::connect_failure;
  if (connect) ++s.consecutive_connect;
  else ++s.consecutive_5xx;
  const bool trip_5xx = config_.consecutive_5xx > 0 && s.consecutive_5xx >= config_.consecutive_5xx;
  const bool trip_connect =
      config_.consecutive_connect_failures > 0 && s.consecutive_connect >= config_.consecutive_connect_failures;
  if (!(trip_5xx || trip_connect)) return false;
  s.consecutive_5xx = 0;
  s.consecutive_connect = 0;
  if (counters_.currently_ejected >= max_ejected_) {
    ++counters_.overflow;
    return false;
  }
  ++s.times_ejected;
  s.ejected = true;
  s.ejected_until = now + config_.base_ejection * s.times_ejected;
  hosts_.set_ejected(host, true);
  ++counters_.ejections;
  ++(trip_connect ? counters_.ejections_connect : counters_.ejections_5xx);
  ++counters_.currently_ejected;
  return true;
}

void outlier_detector::refresh(core::time_point now) {
  std::lock_guard lock(mutex_);
  refresh_locked(now);
}

void outlier_detector::refresh_locked(core::time_point now) {
  if (counters_.currently_ejected == 0) return;
  for (std::size_t i = 0; i < state_.size(); ++i) {
    auto& s = state_[i];
    if (!s.ejected || now < s.ejected_until) continue;
    s.ejected = false;
    hosts_.set_ejected(i, false);
    ++counters_.unejections;
    --counters_.currently_ejected;
  }
}

std::optional<core::time_point> outlier_detector::next_unejection() const {
  std::lock_guard lock(mutex_);
  std::optional<core::time_point> next;
  for (const auto& s : state_)
    if (s.ejected && (!next || s.ejected_until < *next)) next = s.ejected_until;
  return next;
}

std::uint32_t outlier_detector::times_ejected(std::size_t host) const {
  std::lock_guard lock(mutex_);
  return state_[host].times_ejected;
}

outlier_counters outlier_detector::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

}  // namespace portico::gateway
