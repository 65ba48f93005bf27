#include "core/config/units.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <limits>

namespace portico::core {

namespace {

// A non-negative decimal "123" or "1.25", kept exact: mantissa / 10^decimals.
struct decimal {
  std::uint64_t mantissa = 0;
  int decimals = 0;
};

__extension__ typedef unsigned __int128 u128;  // GCC/Clang; exact overflow checks

constexpr std::uint64_t max_u64 = std::numeric_limits<std::uint64_t>::max();

// Parses the leading decimal of `text` and returns the rest in `rest`. The mantissa must fit in
// 64 bits and the decimals be at most 19, so that scaling can be checked with 128-bit arithmetic.
std::optional<decimal> parse_decimal(std::string_view text, std::string_view& rest) {
  decimal d;
  if (text.empty() || text[0] < '0' || text[0] > '9') return std::nullopt;
  std::size_t i = 0;
  bool seen_point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      const auto digit = static_cast<std::uint64_t>(c - '0');
      if (d.mantissa > (max_u64 - digit) / 10) return std::nullopt;
      d.mantissa = d.mantissa * 10 + digit;
      if (seen_point && ++d.decimals > 19) return std::nullopt;
    } else if (c == '.' && !seen_point) {
      seen_point = true;
      if (i + 1 >= text.size() || text[i + 1] < '0' || text[i + 1] > '9') return std::nullopt;
    } else {
      break;
    }
  }
  rest = text.substr(i);
  return d;
}

std::uint64_t pow10(int n) {
  std::uint64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// mantissa * unit / 10^decimals when that is an integer that fits in `limit`.
std::optional<std::uint64_t> scale_exact(decimal d, std::uint64_t unit, std::uint64_t limit) {
  const u128 product = static_cast<u128>(d.mantissa) * unit;
  const std::uint64_t divisor = pow10(d.decimals);
  if (product % divisor != 0) return std::nullopt;
  const u128 value = product / divisor;
  if (value > limit) return std::nullopt;
  return static_cast<std::uint64_t>(value);
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

struct unit {
  std::string_view suffix;
  std::uint64_t factor;
};

constexpr std::uint64_t ns_per_us = 1000, ns_per_ms = 1000'000, ns_per_s = 1000'000'000;
constexpr std::array<unit, 7> duration_units{{{"ns", 1},
                                              {"us", ns_per_us},
                                              {"\xC2\xB5s", ns_per_us},  // µs
                                              {"ms", ns_per_ms},
                                              {"s", ns_per_s},
                                              {"m", 60 * ns_per_s},
                                              {"h", 3600 * ns_per_s}}};

std::string format_decimal(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text) {
  text = trim(text);
  std::string_view rest;
  const auto d = parse_decimal(text, rest);
  if (!d) return std::nullopt;
  if (rest.empty()) {  // a bare number is only meaningful for zero
    if (d->mantissa != 0) return std::nullopt;
    return std::chrono::nanoseconds{0};
  }
  for (const auto& u : duration_units) {
    if (rest != u.suffix) continue;
    const auto ns = scale_exact(*d, u.factor, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    if (!ns) return std::nullopt;
    return std::chrono::nanoseconds{static_cast<std::int64_t>(*ns)};
  }
  return std::nullopt;
}

std::optional<rate> parse_rate(std::string_view text) {
  text = trim(text);
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view rest;
  const auto d = parse_decimal(text.substr(0, slash), rest);
  if (!d || !rest.empty()) return std::nullopt;
  const std::string_view per = text.substr(slash + 1);
  double seconds = 0;
  if (per == "s") seconds = 1;
  else if (per == "m" || per == "min") seconds = 60;
  else if (per == "h") seconds = 3600;
  else if (per == "ms") seconds = 1e-3;
  else if (per == "us") seconds = 1e-6;
  else return std::nullopt;
  const double value = static_cast<double>(d->mantissa) / static_cast<double>(pow10(d->decimals)) / seconds;
  // A billion requests per second is far beyond any loopback benchmark; larger is a typo.
  if (!std::isfinite(value) || value > 1e9) return std::nullopt;
  return rate{value};
}

std::optional<std::uint64_t> parse_size(std::string_view text) {
  text = trim(text);
  std::string_view rest;
  const auto d = parse_decimal(text, rest);
  if (!d) return std::nullopt;
  static constexpr std::array<unit, 8> size_units{{{"", 1},
                                                   {"B", 1},
                                                   {"KB", 1000},
                                                   {"MB", 1000'000},
                                                   {"GB", 1000'000'000},
                                                   {"KiB", 1024},
                                                   {"MiB", 1024 * 1024},
                                                   {"GiB", 1024 * 1024 * 1024}}};
  for (const auto& u : size_units) {
    if (rest == u.suffix) return scale_exact(*d, u.factor, max_u64);
  }
  return std::nullopt;
}

std::optional<double> parse_fraction(std::string_view text) {
  text = trim(text);
  std::string_view rest;
  const auto d = parse_decimal(text, rest);
  if (!d) return std::nullopt;
  double value = static_cast<double>(d->mantissa) / static_cast<double>(pow10(d->decimals));
  if (rest == "%") value /= 100;
  else if (!rest.empty()) return std::nullopt;
  return value;
}

std::string format_duration(std::chrono::nanoseconds d) {
  if (d.count() == 0) return "0s";
  if (d.count() < 0) {
    if (d == std::chrono::nanoseconds::min()) return std::to_string(d.count()) + "ns";
    return "-" + format_duration(-d);
  }
  const auto ns = static_cast<std::uint64_t>(d.count());
  std::string best;
  bool best_is_integer = false;
  for (const auto& u : duration_units) {
    if (u.suffix == "\xC2\xB5s") continue;
    std::string candidate;
    bool integer = ns % u.factor == 0;
    if (integer) {
      candidate = std::to_string(ns / u.factor) + std::string(u.suffix);
    } else if (ns >= u.factor && ns < max_u64 / 1000 && (ns * 1000) % u.factor == 0) {  // <= 3 decimals
      candidate = format_decimal(static_cast<double>(ns) / static_cast<double>(u.factor)) + std::string(u.suffix);
    } else {
      continue;
    }
    // Shortest wins; on a tie an integer beats a decimal, then the larger unit (later) wins.
    if (best.empty() || candidate.size() < best.size() ||
        (candidate.size() == best.size() && (integer || !best_is_integer))) {
      best = candidate;
      best_is_integer = integer;
    }
  }
  return best;
}

std::string format_rate(rate r) {
  const double v = r.per_second;
  if (v == std::floor(v)) return format_decimal(v) + "/s";
  if (v * 60 == std::floor(v * 60)) return format_decimal(v * 60) + "/m";
  if (v * 3600 == std::floor(v * 3600)) return format_decimal(v * 3600) + "/h";
  return format_decimal(v) + "/s";
}

std::string format_size(std::uint64_t bytes) {
  static constexpr std::array<unit, 3> units{{{"GiB", 1024 * 1024 * 1024}, {"MiB", 1024 * 1024}, {"KiB", 1024}}};
  for (const auto& u : units) {
    if (bytes != 0 && bytes % u.factor == 0) return std::to_string(bytes / u.factor) + std::string(u.suffix);
  }
  return std::to_string(bytes);
}

}  // namespace portico::core
