#include "loadgen/schedule.hpp"

#include <algorithm>
#include <cmath>

namespace portico::loadgen {

namespace {

constexpr double to_seconds(nanos d) { return static_cast<double>(d.count()) * 1e-9; }
nanos to_nanos(double seconds) { return nanos{std::llround(seconds * 1e9)}; }

double segment_count(const rate_profile::segment& s) { return (s.rate0 + s.rate1) * 0.5 * s.length_s; }

}  // namespace

rate_profile::rate_profile(const std::vector<core::schedule_stage>& stages) {
  double start = 0, count = 0, previous = 0;
  for (const auto& stage : stages) {
    const double length = to_seconds(stage.length);
    double rate0 = previous, rate1 = previous;
    switch (stage.type) {
      case core::schedule_stage::kind::constant: rate0 = rate1 = stage.target.per_second; break;
      case core::schedule_stage::kind::ramp: rate1 = stage.target.per_second; break;
      case core::schedule_stage::kind::hold: break;
    }
    previous = rate1;  // a zero-length ramp is a jump
    if (length <= 0) continue;
    segments_.push_back({start, length, rate0, rate1, count});
    count += segment_count(segments_.back());
    start += length;
  }
  if (segments_.empty() || segments_.back().rate1 != previous) {
    // Remember a final jump so that final_rate() reports it.
    segments_.push_back({start, 0, previous, previous, count});
  }
}

double rate_profile::final_rate() const { return segments_.back().rate1; }

nanos rate_profile::length() const {
  const auto& last = segments_.back();
  return to_nanos(last.start_s + last.length_s);
}

double rate_profile::rate_at(nanos t) const {
  const double ts = to_seconds(t);
  for (const auto& s : segments_) {
    if (ts < s.start_s + s.length_s) return s.rate0 + (s.rate1 - s.rate0) * (ts - s.start_s) / s.length_s;
  }
  return final_rate();
}

double rate_profile::count_by(nanos t) const {
  const double ts = to_seconds(t);
  for (const auto& s : segments_) {
    if (ts < s.start_s + s.length_s) {
      const double tau = ts - s.start_s;
      return s.count0 + s.rate0 * tau + (s.rate1 - s.rate0) * tau * tau / (2 * s.length_s);
    }
  }
  const auto& last = segments_.back();
  return last.count0 + segment_count(last) + final_rate() * (ts - last.start_s - last.length_s);
}

std::optional<nanos> rate_profile::time_of(double n) const {
  // The last segment whose count0 <= n (segments with no sends share count0 with the next one).
  auto it = std::upper_bound(segments_.begin(), segments_.end(), n,
                             [](double value, const segment& s) { return value < s.count0; });
  if (it == segments_.begin()) return nanos{0};
  const auto& s = *std::prev(it);
  const double m = n - s.count0;
  if (m < segment_count(s)) {
    // Solve rate0*tau + a*tau^2 = m with a = (rate1 - rate0) / (2 L); this form of the quadratic
    // formula is stable for a -> 0 (constant rate) and for ramps down (a < 0).
    const double a = (s.rate1 - s.rate0) / (2 * s.length_s);
    const double root = std::sqrt(std::max(0.0, s.rate0 * s.rate0 + 4 * a * m));
    const double denominator = s.rate0 + root;
    const double tau = denominator > 0 ? 2 * m / denominator : 0;
    return to_nanos(s.start_s + std::clamp(tau, 0.0, s.length_s));
  }
  // Only past the last segment (or by rounding at a segment's end): the final rate holds.
  const double rate = final_rate();
  if (rate <= 0) return std::nullopt;
  const double end = s.start_s + s.length_s;
  return to_nanos(end + (m - segment_count(s)) / rate);
}

schedule::schedule(const std::vector<core::schedule_stage>& stages, core::load_config::arrivals arrivals,
                   std::uint64_t seed, int stride, int offset)
    : profile_(stages), arrivals_(arrivals), rng_(seed), stride_(std::max(1, stride)), offset_(offset) {}

double schedule::next_count() {
  if (arrivals_ == core::load_config::arrivals::uniform) return static_cast<double>(index_);
  poisson_sum_ += -std::log1p(-rng_.unit());  // Exp(1)
  return poisson_sum_;
}

std::optional<nanos> schedule::next() {
  for (;;) {
    const std::uint64_t k = index_;
    if (arrivals_ == core::load_config::arrivals::uniform) {
      // Jump straight to this worker's next index.
      const auto s = static_cast<std::uint64_t>(stride_), o = static_cast<std::uint64_t>(offset_);
      const std::uint64_t mine = k % s <= o ? k - k % s + o : k - k % s + s + o;
      index_ = mine + 1;
      return profile_.time_of(static_cast<double>(mine));
    }
    const double count = next_count();
    ++index_;
    if (k % static_cast<std::uint64_t>(stride_) == static_cast<std::uint64_t>(offset_)) return profile_.time_of(count);
  }
}

}  // namespace portico::loadgen
