#pragma once
// HDR-style log-linear histogram (after Gil Tene's HdrHistogram): values are integers (Portico
// records nanoseconds); buckets keep `significant_digits` decimal digits of precision across the
// whole [lowest, highest] range. Values outside the range are counted (underflow/overflow), never
// clamped into the extreme buckets. Not thread-safe: one histogram per worker, merged at the end;
// interval_recorder is the thread-safe live view.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace portico::core {

struct histogram_options {
  std::int64_t lowest = 1;                             // lowest discernible value, >= 1
  std::int64_t highest = 3'600'000'000'000;            // 1 hour in ns
  int significant_digits = 3;                          // 1..5
};

class histogram {
 public:
  explicit histogram(histogram_options options = {});

  void record(std::int64_t value) noexcept;
  void record(std::int64_t value, std::uint64_t count) noexcept;
  // Adds every count of `other`; options may differ (values are re-recorded at bucket midpoints
  // only when the layouts differ).
  void merge(const histogram& other);
  void reset() noexcept;

  std::uint64_t count() const noexcept { return total_; }  // in-range values
  std::uint64_t underflow() const noexcept { return underflow_; }
  std::uint64_t overflow() const noexcept { return overflow_; }
  std::int64_t min() const noexcept;  // 0 when empty
  std::int64_t max() const noexcept;  // 0 when empty; exact recorded max, not a bucket edge
  double mean() const noexcept;
  double stddev() const noexcept;
  // Value at percentile p in [0, 100]: the highest value equivalent to the bucket in which the
  // cumulative count reaches ceil(p/100 * count), as HdrHistogram defines it.
  std::int64_t value_at_percentile(double p) const noexcept;
  double percentile_below(std::int64_t value) const noexcept;  // share of counts <= value, 0..100

  struct bucket {
    std::int64_t lowest_equivalent, highest_equivalent;
    std::uint64_t count;
  };
  // Non-empty buckets in increasing value order.
  void for_each_bucket(const std::function<void(const bucket&)>& visit) const;

  const histogram_options& options() const noexcept { return options_; }
  bool same_layout(const histogram& other) const noexcept;

  // HdrHistogram V2 encoding (uncompressed, cookie 0x1c849303) and its compressed form
  // (cookie 0x1c849304, zlib deflate) as base64: what `.hlog` files and HistogramLogProcessor read.
  std::vector<std::uint8_t> encode_v2() const;
  std::string encode_v2_compressed_base64() const;
  static std::optional<histogram> decode_v2(std::span<const std::uint8_t> bytes);
  static std::optional<histogram> decode_v2_compressed_base64(std::string_view text);

 private:
  std::size_t index_of(std::int64_t value) const noexcept;
  std::int64_t value_at_index(std::size_t index) const noexcept;

  histogram_options options_;
  int sub_bucket_half_count_magnitude_ = 0;
  int unit_magnitude_ = 0;
  std::int64_t sub_bucket_mask_ = 0;
  std::int32_t sub_bucket_count_ = 0;
  std::int32_t sub_bucket_half_count_ = 0;
  std::int32_t bucket_count_ = 0;
  int leading_zero_count_base_ = 0;
  std::vector<std::uint64_t> counts_;
  std::uint64_t total_ = 0, underflow_ = 0, overflow_ = 0;
  std::int64_t min_ = INT64_MAX, max_ = 0;
};

}  // namespace portico::core
