#pragma once
// Intended send times of an open-model load, as offsets from the start of the schedule. Pure: no
// clock, no sockets. The schedule's rate r(t) is piecewise linear (constant, ramp, hold stages);
// N(t) = integral of r from 0 to t is the expected number of sends by t. Uniform arrivals put the
// k-th send (k = 0, 1, ...) at N^-1(k), so [0, T) at a constant rate r holds exactly r*T sends;
// Poisson arrivals put it at N^-1(E_1 + ... + E_k) with seeded Exp(1) gaps (a Poisson process of
// rate r(t), by time change). After the last stage the final rate holds for ever, so phases
// longer than the schedule keep the last rate; a final rate of 0 ends the schedule.
// Not thread-safe (one per worker); `stride`/`offset` give a worker every stride-th send.
#include "core/config/load_config.hpp"
#include "core/util/split_mix64.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace portico::loadgen {

using nanos = std::chrono::nanoseconds;

// Seeded per worker, so a run's arrivals and request mix repeat exactly.
using rng = core::split_mix64;

// The rate profile: stages resolved to [start, end) segments with linear rates.
class rate_profile {
 public:
  explicit rate_profile(const std::vector<core::schedule_stage>& stages);

  double rate_at(nanos t) const;           // requests per second at t (t >= 0)
  double count_by(nanos t) const;          // N(t)
  // The t with N(t) == n, or nullopt when N never reaches n (the final rate is 0).
  std::optional<nanos> time_of(double n) const;
  nanos length() const;                    // end of the last stage
  double final_rate() const;

  struct segment {
    double start_s, length_s, rate0, rate1, count0;  // count0 = N(start)
  };
  const std::vector<segment>& segments() const { return segments_; }

 private:
  std::vector<segment> segments_;
};

class schedule {
 public:
  schedule(const std::vector<core::schedule_stage>& stages, core::load_config::arrivals arrivals,
           std::uint64_t seed, int stride = 1, int offset = 0);

  // The next intended send time (non-decreasing), or nullopt when there are no more.
  std::optional<nanos> next();
  const rate_profile& profile() const { return profile_; }

 private:
  double next_count();

  rate_profile profile_;
  core::load_config::arrivals arrivals_;
  rng rng_;
  int stride_, offset_;
  std::uint64_t index_ = 0;  // sends generated so far, across all workers
  double poisson_sum_ = 0;
};

}  // namespace portico::loadgen
