#pragma once
// HDR-style log-linear histogram (after Gil Tene's HdrHistogram, same bucket layout): values are
// integers (Portico records nanoseconds); buckets keep `significant_digits` decimal digits of
// precision across [0, highest]. `lowest` is the lowest *discernible* value (the unit), as in
// HdrHistogram: values in [0, lowest) are recorded, indistinguishable from 0.
// Out of range: negative values count as underflow, values > highest as overflow; they are
// counted and reported, never clamped into the extreme buckets, and excluded from count(),
// percentiles, mean, min and max.
// Not thread-safe: one histogram per worker, merged at the end; interval_recorder is the
// thread-safe live view.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace portico::core {

struct histogram_options {
  std::int64_t lowest = 1;                   // lowest discernible value, >= 1
  std::int64_t highest = 3'600'000'000'000;  // 1 hour in ns; >= 2 * lowest
  int significant_digits = 3;                // 1..5
  friend bool operator==(const histogram_options&, const histogram_options&) = default;
};

class histogram {
 public:
  // Throws std::invalid_argument for options outside the documented ranges.
  explicit histogram(histogram_options options = {});

  void record(std::int64_t value) noexcept {
    if (static_cast<std::uint64_t>(value) > highest_unsigned_) [[unlikely]] {
      record_out_of_range(value, 1);
      return;
    }
    counts_[index_of(value)] += 1;
    total_ += 1;
    min_ = value < min_ ? value : min_;
    max_ = value > max_ ? value : max_;
  }
  void record(std::int64_t value, std::uint64_t count) noexcept;
  // Adds every count of `other`, including its underflow/overflow. Same layout: counts are added.
  // Different layout: each bucket of `other` is re-recorded at its midpoint (clamped to other's
  // min/max, so the extremes stay exact).
  void merge(const histogram& other);
  void reset() noexcept;

  std::uint64_t count() const noexcept { return total_; }  // in-range values
  std::uint64_t underflow() const noexcept { return underflow_; }
  std::uint64_t overflow() const noexcept { return overflow_; }
  std::uint64_t out_of_range() const noexcept { return underflow_ + overflow_; }
  // 0 when empty. Exact values recorded here; after decode_v2 they are bucket edges (the V2
  // format does not carry them): min = lowest, max = highest equivalent value of its bucket.
  std::int64_t min() const noexcept { return total_ == 0 ? 0 : min_; }
  std::int64_t max() const noexcept { return total_ == 0 ? 0 : max_; }
  // From bucket midpoints, as HdrHistogram computes them. 0 when empty.
  double mean() const noexcept;
  double stddev() const noexcept;
  // HdrHistogram's getValueAtPercentile (Java 2.1.12 / hdr-histogram-js 3.x rule):
  //   n = max(1, ceil(fp - ulp(fp))) with fp = p/100 * count(), p clamped to [0, 100];
  //   the bucket where the cumulative count reaches n gives the answer: its highest equivalent
  //   value (its lowest for p == 0). So p = 100 is the highest equivalent value of the max's
  //   bucket (>= max()), exactly what HdrHistogram tools print. 0 when empty.
  std::int64_t value_at_percentile(double p) const noexcept;
  // HdrHistogram's getPercentileAtOrBelowValue: share (0..100) of counts in buckets up to and
  // including value's bucket. 100 when empty.
  double percentile_below(std::int64_t value) const noexcept;

  struct bucket {
    std::int64_t lowest_equivalent, highest_equivalent;
    std::uint64_t count;
  };
  // Non-empty buckets in increasing value order.
  void for_each_bucket(const std::function<void(const bucket&)>& visit) const;

  const histogram_options& options() const noexcept { return options_; }
  bool same_layout(const histogram& other) const noexcept { return options_ == other.options_; }
  // Bucket edges for any value in [0, highest].
  std::int64_t lowest_equivalent(std::int64_t value) const noexcept;
  std::int64_t highest_equivalent(std::int64_t value) const noexcept;

  // HdrHistogram V2 encoding (uncompressed, cookie 0x1c849313 = V2 base 0x1c849303 | word-size
  // flag, as Java/JS write it) and its compressed form (cookie 0x1c849314, zlib deflate) as
  // base64: what `.hlog` files, HistogramLogProcessor and hdr-histogram-js read. Underflow and
  // overflow are not part of the format (report them beside it). Decoding accepts any V2 cookie
  // variant; malformed, truncated or oversized input gives nullopt, never a crash.
  std::vector<std::uint8_t> encode_v2() const;
  std::vector<std::uint8_t> encode_v2_compressed() const;
  std::string encode_v2_compressed_base64() const;
  static std::optional<histogram> decode_v2(std::span<const std::uint8_t> bytes);
  static std::optional<histogram> decode_v2_compressed(std::span<const std::uint8_t> bytes);
  static std::optional<histogram> decode_v2_compressed_base64(std::string_view text);

 private:
  std::size_t index_of(std::int64_t value) const noexcept {
    // HdrHistogram's countsArrayIndex, with (bucket + 1) << half_mag - half_count folded in.
    const auto v = static_cast<std::uint64_t>(value);
    const int bucket_index = leading_zero_count_base_ - __builtin_clzll(v | sub_bucket_mask_);
    const auto sub_bucket = v >> (bucket_index + unit_magnitude_);
    return (static_cast<std::size_t>(bucket_index) << sub_bucket_half_count_magnitude_) + sub_bucket;
  }
  std::int64_t value_at_index(std::size_t index) const noexcept;
  std::int64_t equivalent_range(std::int64_t value) const noexcept;
  std::int64_t median_equivalent_at(std::size_t index) const noexcept;
  void record_out_of_range(std::int64_t value, std::uint64_t count) noexcept;
  void recompute_extremes() noexcept;  // min/max/total from counts (after decode)

  histogram_options options_;
  std::uint64_t highest_unsigned_ = 0;
  int sub_bucket_half_count_magnitude_ = 0;
  int unit_magnitude_ = 0;
  std::uint64_t sub_bucket_mask_ = 0;
  std::int64_t sub_bucket_count_ = 0;
  std::int64_t sub_bucket_half_count_ = 0;
  int bucket_count_ = 0;
  int leading_zero_count_base_ = 0;
  std::vector<std::uint64_t> counts_;
  std::uint64_t total_ = 0, underflow_ = 0, overflow_ = 0;
  std::int64_t min_ = INT64_MAX, max_ = 0;
};

}  // namespace portico::core
