#pragma once
// Parsing and printing of the scenario format's units: durations (250ms, 10s, 2m, 1h, 500us),
// rates (500/s, 30000/m, 2/ms) and sizes (512, 4KiB, 1MiB, 10KB). Pure functions; no YAML here.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace portico::core {

// Requests per second; exact enough for any rate a scenario can name (doubles hold 2^53 exactly).
struct rate {
  double per_second = 0;
  friend constexpr bool operator==(rate, rate) = default;
};

std::optional<std::chrono::nanoseconds> parse_duration(std::string_view text);
std::optional<rate> parse_rate(std::string_view text);
std::optional<std::uint64_t> parse_size(std::string_view text);
// Percentages "2%" or "0.5%" as a fraction (0.02); also plain fractions "0.02".
std::optional<double> parse_fraction(std::string_view text);

std::string format_duration(std::chrono::nanoseconds d);  // shortest exact form: "250ms", "1.5s"
std::string format_rate(rate r);                          // "500/s"
std::string format_size(std::uint64_t bytes);             // "4KiB" when exact, else bytes

}  // namespace portico::core
