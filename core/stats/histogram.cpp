#include "core/stats/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace portico::core {
namespace {

int floor_log2(std::uint64_t v) { return 63 - __builtin_clzll(v); }

int ceil_log2(std::uint64_t v) { return v <= 1 ? 0 : floor_log2(v - 1) + 1; }

// HdrHistogram's getBucketsNeededToCoverValue.
int buckets_needed(std::int64_t value, std::int64_t sub_bucket_count, int unit_magnitude) {
  std::int64_t smallest_untrackable = sub_bucket_count << unit_magnitude;
  int needed = 1;
  while (smallest_untrackable <= value) {
    if (smallest_untrackable > INT64_MAX / 2) return needed + 1;
    smallest_untrackable <<= 1;
    ++needed;
  }
  return needed;
}

}  // namespace

histogram::histogram(histogram_options options) : options_(options) {
  if (options.significant_digits < 1 || options.significant_digits > 5)
    throw std::invalid_argument("histogram: significant_digits must be 1..5");
  if (options.lowest < 1) throw std::invalid_argument("histogram: lowest must be >= 1");
  if (options.highest < 2 * options.lowest)
    throw std::invalid_argument("histogram: highest must be >= 2 * lowest");
  // Same layout math as HdrHistogram (AbstractHistogram.init / hdr_calculate_bucket_config).
  std::int64_t largest_single_unit = 2;
  for (int i = 0; i < options.significant_digits; ++i) largest_single_unit *= 10;
  const int sub_bucket_count_magnitude = ceil_log2(static_cast<std::uint64_t>(largest_single_unit));
  sub_bucket_half_count_magnitude_ = std::max(sub_bucket_count_magnitude, 1) - 1;
  unit_magnitude_ = floor_log2(static_cast<std::uint64_t>(options.lowest));
  if (unit_magnitude_ + sub_bucket_half_count_magnitude_ > 61)
    throw std::invalid_argument("histogram: lowest too large for the requested precision");
  sub_bucket_count_ = std::int64_t{1} << (sub_bucket_half_count_magnitude_ + 1);
  sub_bucket_half_count_ = sub_bucket_count_ / 2;
  sub_bucket_mask_ = static_cast<std::uint64_t>(sub_bucket_count_ - 1) << unit_magnitude_;
  bucket_count_ = buckets_needed(options.highest, sub_bucket_count_, unit_magnitude_);
  leading_zero_count_base_ = 64 - unit_magnitude_ - sub_bucket_half_count_magnitude_ - 1;
  highest_unsigned_ = static_cast<std::uint64_t>(options.highest);
  counts_.assign(static_cast<std::size_t>((bucket_count_ + 1) * sub_bucket_half_count_), 0);
}

void histogram::record(std::int64_t value, std::uint64_t count) noexcept {
  if (count == 0) return;
  if (static_cast<std::uint64_t>(value) > highest_unsigned_) {
    record_out_of_range(value, count);
    return;
  }
  counts_[index_of(value)] += count;
  total_ += count;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
}

void histogram::record_out_of_range(std::int64_t value, std::uint64_t count) noexcept {
  (value < 0 ? underflow_ : overflow_) += count;
}

void histogram::merge(const histogram& other) {
  underflow_ += other.underflow_;
  overflow_ += other.overflow_;
  if (other.total_ == 0) return;
  if (same_layout(other)) {
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    return;
  }
  for (std::size_t i = 0; i < other.counts_.size(); ++i) {
    if (other.counts_[i] == 0) continue;
    const auto value = std::clamp(other.median_equivalent_at(i), other.min_, other.max_);
    record(value, other.counts_[i]);
  }
}

void histogram::reset() noexcept {
  std::fill(counts_.begin(), counts_.end(), 0);
  total_ = underflow_ = overflow_ = 0;
  min_ = INT64_MAX;
  max_ = 0;
}

std::int64_t histogram::value_at_index(std::size_t index) const noexcept {
  // HdrHistogram's valueFromIndex.
  auto bucket_index = static_cast<int>(index >> sub_bucket_half_count_magnitude_) - 1;
  auto sub_bucket = static_cast<std::int64_t>(index & static_cast<std::size_t>(sub_bucket_half_count_ - 1)) +
                    sub_bucket_half_count_;
  if (bucket_index < 0) {
    sub_bucket -= sub_bucket_half_count_;
    bucket_index = 0;
  }
  return sub_bucket << (bucket_index + unit_magnitude_);
}

std::int64_t histogram::equivalent_range(std::int64_t value) const noexcept {
  const auto v = static_cast<std::uint64_t>(value);
  const int bucket_index = leading_zero_count_base_ - __builtin_clzll(v | sub_bucket_mask_);
  const auto sub_bucket = static_cast<std::int64_t>(v >> (bucket_index + unit_magnitude_));
  const int adjusted = sub_bucket >= sub_bucket_count_ ? bucket_index + 1 : bucket_index;
  return std::int64_t{1} << (unit_magnitude_ + adjusted);
}

std::int64_t histogram::lowest_equivalent(std::int64_t value) const noexcept {
  const auto v = static_cast<std::uint64_t>(value);
  const int bucket_index = leading_zero_count_base_ - __builtin_clzll(v | sub_bucket_mask_);
  const auto sub_bucket = static_cast<std::int64_t>(v >> (bucket_index + unit_magnitude_));
  return sub_bucket << (bucket_index + unit_magnitude_);
}

std::int64_t histogram::highest_equivalent(std::int64_t value) const noexcept {
  return lowest_equivalent(value) + (equivalent_range(value) - 1);  // no overflow at INT64_MAX
}

std::int64_t histogram::median_equivalent_at(std::size_t index) const noexcept {
  const auto value = value_at_index(index);
  return lowest_equivalent(value) + (equivalent_range(value) >> 1);
}

double histogram::mean() const noexcept {
  if (total_ == 0) return 0;
  double sum = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i)
    if (counts_[i] != 0)
      sum += static_cast<double>(median_equivalent_at(i)) * static_cast<double>(counts_[i]);
  return sum / static_cast<double>(total_);
}

double histogram::stddev() const noexcept {
  if (total_ == 0) return 0;
  const double m = mean();
  double sum = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    if (counts_[i] == 0) continue;
    const double d = static_cast<double>(median_equivalent_at(i)) - m;
    sum += d * d * static_cast<double>(counts_[i]);
  }
  return std::sqrt(sum / static_cast<double>(total_));
}

std::int64_t histogram::value_at_percentile(double p) const noexcept {
  if (total_ == 0) return 0;
  if (!(p >= 0)) p = 0;  // also NaN
  p = std::min(p, 100.0);
  // hdr-histogram-js 3.x / Java 2.1.12: the fp product can come out 1 ulp high for an exact
  // integer, so subtract one ulp (2^(exponent-52), as their ulp()) before rounding up.
  const double fp = (p / 100.0) * static_cast<double>(total_);
  const double ulp = fp > 0 ? std::ldexp(1.0, std::ilogb(fp) - 52) : 0.0;
  const auto wanted = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(fp - ulp)));
  std::uint64_t running = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    running += counts_[i];
    if (running >= wanted) {
      const auto value = value_at_index(i);
      return p == 0 ? lowest_equivalent(value) : highest_equivalent(value);
    }
  }
  return 0;  // unreachable while total_ matches counts_
}

double histogram::percentile_below(std::int64_t value) const noexcept {
  if (total_ == 0) return 100.0;
  if (value < 0) return 0.0;
  if (static_cast<std::uint64_t>(value) > highest_unsigned_) return 100.0;
  const auto target = index_of(value);
  std::uint64_t below = 0;
  for (std::size_t i = 0; i <= target; ++i) below += counts_[i];
  return 100.0 * static_cast<double>(below) / static_cast<double>(total_);
}

void histogram::for_each_bucket(const std::function<void(const bucket&)>& visit) const {
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    if (counts_[i] == 0) continue;
    const auto value = value_at_index(i);
    visit(bucket{lowest_equivalent(value), highest_equivalent(value), counts_[i]});
  }
}

void histogram::recompute_extremes() noexcept {
  total_ = 0;
  min_ = INT64_MAX;
  max_ = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    if (counts_[i] == 0) continue;
    total_ += counts_[i];
    const auto value = value_at_index(i);
    min_ = std::min(min_, lowest_equivalent(value));
    max_ = std::max(max_, std::min(highest_equivalent(value), options_.highest));
  }
}

}  // namespace portico::core
