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

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace portico::loadgen {

using nanos = std::chrono::nanoseconds;

// Small, fast, reproducible on every platform (std distributions are not): splitmix64.
class rng {
 public:
  explicit rng(std::uint64_t seed = 0) : state_(seed) {}
  std::uint64_t next() noexcept {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n) (multiply-shift; bias < n / 2^64).
  std::uint64_t below(std::uint64_t n) noexcept {
    __extension__ using wide = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<wide>(next()) * n) >> 64);
  }
  double uniform01() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)

 private:
  std::uint64_t state_;
};

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
