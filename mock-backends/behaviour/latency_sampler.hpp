#pragma once
// Draws service latencies from the distribution a latency_config names. Built once (parameters
// are derived up front: a lognormal given by p50/p99 becomes mu/sigma), then const; sample() is
// thread-safe as long as each thread passes its own rng.
//
// Semantics per kind (all results clamped to [min, max] when max > 0, and never negative):
//   fixed        value
//   uniform      [min, max)
//   normal       mean, stddev
//   lognormal    p50/p99, or mu/sigma of ln(latency / 1ms)
//   exponential  mean
//   pareto       scale (x_m) and shape (alpha): x_m / U^(1/alpha)
//   empirical    piecewise-linear inverse CDF through the (quantile, value) table; below the first
//                quantile the first value, above the last the last value.
#include "core/config/backend_config.hpp"
#include "mock-backends/behaviour/rng.hpp"

#include <chrono>
#include <vector>

namespace portico::mock {

class latency_sampler {
 public:
  explicit latency_sampler(const core::latency_config& config);

  std::chrono::nanoseconds sample(rng& random) const noexcept;
  // True when every sample is zero: the caller can skip timers (and the draw) entirely.
  bool always_zero() const noexcept { return always_zero_; }
  // True when sample() does not consume random numbers (fixed latency).
  bool deterministic() const noexcept { return kind_ == core::latency_config::kind::fixed; }

  // The lognormal parameters in nanoseconds-log space (exposed for tests and docs).
  double mu() const noexcept { return mu_; }
  double sigma() const noexcept { return sigma_; }

 private:
  double draw(rng& random) const noexcept;  // unclamped, in nanoseconds

  core::latency_config::kind kind_;
  double a_ = 0, b_ = 0;       // kind-specific: fixed value, uniform range, normal mean/sd, ...
  double mu_ = 0, sigma_ = 0;  // lognormal, ln(ns)
  double clamp_min_ = 0, clamp_max_ = 0;
  std::vector<std::pair<double, double>> table_;  // empirical (quantile, ns), sorted
  bool always_zero_ = false;
};

// z such that P(N(0,1) < z) = 0.99.
inline constexpr double z99 = 2.3263478740408408;

}  // namespace portico::mock
