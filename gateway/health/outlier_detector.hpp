#pragma once
// Passive outlier ejection (Envoy-style "consecutive" detectors). The proxy reports every
// upstream attempt's outcome for host i; after `consecutive_5xx` server failures in a row
// (5xx / reset / timeout) or `consecutive_connect_failures` connect failures in a row, the host is
// ejected (host_set::set_ejected) for base_ejection x (number of times it has been ejected), so
// repeat offenders stay out longer. A success resets both streaks. At most
// floor(hosts x max_ejection_percent) hosts are ejected at once; an ejection beyond that is
// skipped (counted in overflow) and the streak restarts.
//
// Un-ejection happens in refresh(now) — called by on_result() itself, and the proxy should also
// call it from a timer at next_unejection() (or periodically, e.g. every 100 ms), since an ejected
// host receives no traffic and thus no results.
//
// Threading: shared by all proxy threads of one backend; every method locks one internal mutex
// (short critical sections, no allocation). The simulator calls it from one thread.
#include "core/config/gateway_config.hpp"
#include "core/time/clock.hpp"
#include "gateway/lb/host_set.hpp"
#include "gateway/resilience/upstream_outcome.hpp"

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

namespace portico::gateway {

struct outlier_counters {
  std::uint64_t ejections = 0;            // total ejections performed
  std::uint64_t ejections_5xx = 0;
  std::uint64_t ejections_connect = 0;
  std::uint64_t overflow = 0;             // ejections skipped by max_ejection_percent
  std::uint64_t unejections = 0;
  std::uint64_t currently_ejected = 0;
};

class outlier_detector {
 public:
  outlier_detector(const core::outlier_detection_config& config, host_set& hosts);

  // Report one attempt's outcome on `host`. Returns true if this call ejected the host.
  // With config.enabled == false this only counts nothing and returns false.
  bool on_result(std::size_t host, upstream_outcome outcome, core::time_point now);

  // Un-eject every host whose ejection has expired at `now`.
  void refresh(core::time_point now);

  // When the next ejected host is due back (nullopt when none is ejected).
  std::optional<core::time_point> next_unejection() const;

  std::uint32_t times_ejected(std::size_t host) const;
  outlier_counters counters() const;

 private:
  struct state {
    int consecutive_5xx = 0;
    int consecutive_connect = 0;
    std::uint32_t times_ejected = 0;
    bool ejected = false;
    core::time_point ejected_until;
  };
  void refresh_locked(core::time_point now);

  core::outlier_detection_config config_;
  host_set& hosts_;
  mutable std::mutex mutex_;
  std::vector<state> state_;
  outlier_counters counters_;
  std::size_t max_ejected_ = 0;
};

}  // namespace portico::gateway
