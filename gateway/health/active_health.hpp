#pragma once
// Active health checking as a pure state machine per host. The proxy owns the timers: it asks
// next_probe_time(i), sends "GET <path>" to host i at that time with deadline
// probe_deadline(start), and reports on_probe_result(i, ok, now) where ok means "a 2xx arrived
// before the deadline" (a timeout or any error is a failure). The checker writes the host_set's
// healthy flag on transitions.
//
// States: hosts start HEALTHY (so traffic flows before the first probe; Envoy's
// "ignore_new_hosts_until_first_hc" is off). unhealthy_threshold consecutive failures make a
// healthy host unhealthy; healthy_threshold consecutive successes make an unhealthy host healthy.
// Probes are scheduled every `interval` after the previous probe's result (no overlap per host).
//
// Threading: one owner (the health-check task/strand, or the simulator). The host_set flags it
// writes are atomics read by every proxy thread. counters() and host_counters() are plain
// snapshots (the owner synchronises readers on other threads).
#include "core/config/gateway_config.hpp"
#include "core/time/clock.hpp"
#include "gateway/lb/host_set.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace portico::gateway {

struct health_counters {
  std::uint64_t probes = 0;
  std::uint64_t probe_failures = 0;
  std::uint64_t became_unhealthy = 0;
  std::uint64_t became_healthy = 0;
};

class active_health_checker {
 public:
  enum class transition { none, became_healthy, became_unhealthy };

  // First probe of every host is due at `start` (spread them yourself if you want jitter).
  active_health_checker(const core::health_check_config& config, host_set& hosts, core::time_point start);

  transition on_probe_result(std::size_t host, bool ok, core::time_point now);
  core::time_point next_probe_time(std::size_t host) const noexcept { return hosts_state_[host].next_probe; }
  core::time_point probe_deadline(core::time_point probe_start) const noexcept { return probe_start + config_.timeout; }
  // The earliest next_probe_time over all hosts (for a single timer driving every host).
  core::time_point next_due() const noexcept;
  bool healthy(std::size_t host) const noexcept { return hosts_state_[host].healthy; }

  const core::health_check_config& config() const noexcept { return config_; }
  const health_counters& counters() const noexcept { return counters_; }           // all hosts
  const health_counters& host_counters(std::size_t host) const noexcept { return hosts_state_[host].counters; }

 private:
  struct state {
    bool healthy = true;
    int consecutive_ok = 0;
    int consecutive_fail = 0;
    core::time_point next_probe;
    health_counters counters;
  };
  transition step(state& s, bool ok, core::time_point now) const noexcept;  // the state machine alone
  core::health_check_config config_;
  host_set& hosts_;
  std::vector<state> hosts_state_;
  health_counters counters_;
};

}  // namespace portico::gateway
