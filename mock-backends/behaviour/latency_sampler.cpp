#include "mock-backends/behaviour/latency_sampler.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace portico::mock {

namespace {

double to_ns(std::chrono::nanoseconds d) { return static_cast<double>(d.count()); }

// Box-Muller; one of the pair is discarded so that sample() stays stateless (const).
double standard_normal(rng& random) noexcept {
  double u1 = random.uniform();
  double u2 = random.uniform();
  if (u1 < 1e-300) u1 = 1e-300;
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace

latency_sampler::latency_sampler(const core::latency_config& config) : kind_(config.type) {
  using kind = core::latency_config::kind;
  if (config.max.count() > 0) {
    clamp_min_ = to_ns(config.min);
    clamp_max_ = to_ns(config.max);
  }
  switch (kind_) {
    case kind::fixed: a_ = to_ns(config.value); break;
    case kind::uniform: a_ = to_ns(config.min); b_ = std::max(a_, to_ns(config.max)); break;
    case kind::normal: a_ = to_ns(config.mean); b_ = std::max(0.0, to_ns(config.stddev)); break;
    case kind::exponential: a_ = std::max(0.0, to_ns(config.mean)); break;
    case kind::lognormal:
      if (config.p50.count() > 0) {
        mu_ = std::log(to_ns(config.p50));
        double p99 = std::max(to_ns(config.p99), to_ns(config.p50));
        sigma_ = (std::log(p99) - mu_) / z99;
      } else {
        mu_ = config.mu + std::log(1e6);  // the config's mu is ln(latency / 1ms)
        sigma_ = std::max(0.0, config.sigma);
      }
      break;
    case kind::pareto: a_ = std::max(0.0, to_ns(config.scale)); b_ = config.shape > 0 ? config.shape : 1.0; break;
    case kind::empirical:
      for (const auto& [q, value] : config.percentiles) table_.emplace_back(std::clamp(q, 0.0, 1.0), to_ns(value));
      std::sort(table_.begin(), table_.end());
      break;
  }
  always_zero_ = (kind_ == kind::fixed && a_ <= 0) || (clamp_max_ > 0 && clamp_max_ <= 0);
  if (kind_ == kind::empirical) {
    always_zero_ = std::all_of(table_.begin(), table_.end(), [](auto& p) { return p.second <= 0; });
  }
}

double latency_sampler::draw(rng& random) const noexcept {
  using kind = core::latency_config::kind;
  switch (kind_) {
    case kind::fixed: return a_;
    case kind::uniform: return a_ + (b_ - a_) * random.uniform();
    case kind::normal: return a_ + b_ * standard_normal(random);
    case kind::lognormal: return std::exp(mu_ + sigma_ * standard_normal(random));
    case kind::exponential: return -a_ * std::log1p(-random.uniform());
    case kind::pareto: return a_ / std::pow(1.0 - random.uniform(), 1.0 / b_);
    case kind::empirical: {
      if (table_.empty()) return 0;
      double u = random.uniform();
      if (u <= table_.front().first) return table_.front().second;
      if (u >= table_.back().first) return table_.back().second;
      auto hi = std::upper_bound(table_.begin(), table_.end(), u,
                                 [](double x, const auto& p) { return x < p.first; });
      auto lo = hi - 1;
      double span = hi->first - lo->first;
      double t = span > 0 ? (u - lo->first) / span : 0;
      return lo->second + t * (hi->second - lo->second);
    }
  }
  return 0;
}

std::chrono::nanoseconds latency_sampler::sample(rng& random) const noexcept {
  if (always_zero_) return std::chrono::nanoseconds{0};
  double ns = draw(random);
  if (clamp_max_ > 0) ns = std::clamp(ns, clamp_min_, clamp_max_);
  // Cap at a day so that an extreme pareto tail cannot overflow the conversion.
  ns = std::clamp(ns, 0.0, 86400e9);
  return std::chrono::nanoseconds{static_cast<std::int64_t>(ns)};
}

}  // namespace portico::mock
