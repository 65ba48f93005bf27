#include "reports/metrics.hpp"

#include "core/stats/histogram.hpp"

#include <cmath>
#include <cstdio>

namespace portico::reports {

const core::phase_result* measure_phase(const core::variant_result& variant) {
  for (const auto& phase : variant.phases) {
    if (phase.name == "measure") return &phase;
  }
  return variant.phases.empty() ? nullptr : &variant.phases.back();
}

std::optional<std::int64_t> percentile_ns(const core::latency_summary& summary, double percentile) {
  for (const auto& p : summary.percentiles) {
    if (std::abs(p.percentile - percentile) < 1e-9) return p.value_ns;
  }
  if (percentile >= 100 && summary.count > 0) return summary.max_ns;
  if (!summary.histogram.empty()) {
    if (auto h = core::histogram::decode_v2_compressed_base64(summary.histogram); h && h->count() > 0) {
      return h->value_at_percentile(percentile);
    }
  }
  return std::nullopt;
}

std::uint64_t status_at_least(const core::request_counts& counts, int lowest_status) {
  std::uint64_t n = 0;
  for (const auto& [status, count] : counts.status) {
    if (status >= lowest_status) n += count;
  }
  return n;
}

double error_rate(const core::request_counts& counts) {
  if (counts.sent == 0) return 0;
  return static_cast<double>(counts.errors + status_at_least(counts, 500)) / static_cast<double>(counts.sent);
}

double seconds(std::int64_t ns) { return static_cast<double>(ns) / 1e9; }

std::optional<metric_kind> kind_of_metric(std::string_view metric) {
  if (metric == "error_rate") return metric_kind::rate;
  if (metric == "throughput") return metric_kind::throughput;
  if (metric == "mean" || percentile_of_metric(metric)) return metric_kind::latency;
  return std::nullopt;
}

std::optional<double> percentile_of_metric(std::string_view metric) {
  if (metric == "max") return 100.0;
  if (metric.size() < 3 || metric.front() != 'p') return std::nullopt;
  // p50, p75, p90, p99 are whole percentiles; p999 / p9999 put the decimal point after "99".
  const std::string digits(metric.substr(1));
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  if (digits.size() <= 2) return std::stod(digits);
  if (digits.rfind("99", 0) != 0) return std::nullopt;
  return std::stod("99." + digits.substr(2));
}

std::optional<double> stream_metric(const core::stream_result& stream, std::int64_t duration_ns,
                                    std::string_view metric) {
  const auto kind = kind_of_metric(metric);
  if (!kind) return std::nullopt;
  switch (*kind) {
    case metric_kind::rate:
      return error_rate(stream.counts);
    case metric_kind::throughput:
      if (duration_ns <= 0) return std::nullopt;
      return static_cast<double>(stream.counts.completed) / seconds(duration_ns);
    case metric_kind::latency:
      if (stream.corrected.count == 0) return std::nullopt;
      if (metric == "mean") return stream.corrected.mean_ns;
      if (auto v = percentile_ns(stream.corrected, *percentile_of_metric(metric))) return static_cast<double>(*v);
      return std::nullopt;
  }
  return std::nullopt;
}

std::string format_fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

namespace {
// Three significant digits, no exponent: 1.23, 12.3, 123, 1234.
std::string three_digits(double v) {
  const double a = std::abs(v);
  const int decimals = a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return format_fixed(v, decimals);
}
}  // namespace

std::string format_ns(double ns) {
  const double a = std::abs(ns);
  if (a < 1e3) return three_digits(ns) + " ns";
  if (a < 1e6) return three_digits(ns / 1e3) + " µs";
  if (a < 1e9) return three_digits(ns / 1e6) + " ms";
  return three_digits(ns / 1e9) + " s";
}

std::string format_rate(double per_second) { return format_fixed(per_second, per_second < 100 ? 2 : 1) + "/s"; }

std::string format_percent(double fraction) {
  const double pct = fraction * 100;
  return format_fixed(pct, pct != 0 && std::abs(pct) < 1 ? 3 : 2) + "%";
}

std::string format_metric(std::string_view metric, double value) {
  const auto kind = kind_of_metric(metric);
  if (!kind) return format_fixed(value, 3);
  switch (*kind) {
    case metric_kind::latency: return format_ns(value);
    case metric_kind::rate: return format_percent(value);
    case metric_kind::throughput: return format_rate(value);
  }
  return format_fixed(value, 3);
}

}  // namespace portico::reports
