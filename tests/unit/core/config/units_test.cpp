#include "core/config/units.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace portico::core {
namespace {

using std::chrono::nanoseconds;
using namespace std::chrono_literals;

struct duration_case {
  const char* text;
  std::optional<nanoseconds> expected;
};

TEST(ParseDuration, AcceptsEveryUnitAndRejectsGarbage) {
  const duration_case cases[] = {
      {"250ms", 250ms},          {"10s", 10s},
      {"2m", 2min},              {"1h", 1h},
      {"500us", 500us},          {"500\xC2\xB5s", 500us},
      {"7ns", 7ns},              {"1.5s", 1500ms},
      {"0.25ms", 250us},         {"0", 0ns},
      {"0s", 0ns},               {" 3s ", 3s},
      {"007ms", 7ms},            {"9223372036854775807ns", nanoseconds::max()},
      {"", std::nullopt},        {"s", std::nullopt},
      {"10", std::nullopt},      {"-5s", std::nullopt},
      {"+5s", std::nullopt},     {"5 s", std::nullopt},
      {"5sec", std::nullopt},    {"5S", std::nullopt},
      {"1.s", std::nullopt},     {".5s", std::nullopt},
      {"1.5ns", std::nullopt},   {"1e3ms", std::nullopt},
      {"5s5", std::nullopt},     {"9223372036854775808ns", std::nullopt},
      {"3000000h", std::nullopt}, {"99999999999999999999s", std::nullopt},
      {"1..5s", std::nullopt},   {"abc", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(parse_duration(c.text), c.expected) << "'" << c.text << "'";
}

TEST(ParseRate, AcceptsPerUnitRatesAndRejectsGarbage) {
  const struct {
    const char* text;
    std::optional<double> per_second;
  } cases[] = {
      {"500/s", 500},      {"30000/m", 500},   {"30000/min", 500}, {"3600/h", 1},
      {"2/ms", 2000},      {"1/us", 1e6},      {"0.5/s", 0.5},     {"0/s", 0},
      {"500", std::nullopt}, {"500/", std::nullopt}, {"/s", std::nullopt}, {"-1/s", std::nullopt},
      {"500/d", std::nullopt}, {"500/s/s", std::nullopt}, {"1e3/s", std::nullopt},
      {"2000000000/s", std::nullopt},  // beyond 1e9/s: a typo, not a benchmark
      {"99999999999999999999999/s", std::nullopt},
  };
  for (const auto& c : cases) {
    const auto r = parse_rate(c.text);
    ASSERT_EQ(r.has_value(), c.per_second.has_value()) << "'" << c.text << "'";
    if (r) {
      EXPECT_DOUBLE_EQ(r->per_second, *c.per_second) << "'" << c.text << "'";
    }
  }
}

TEST(ParseSize, AcceptsBinaryAndDecimalUnitsAndRejectsOverflow) {
  const struct {
    const char* text;
    std::optional<std::uint64_t> bytes;
  } cases[] = {
      {"512", 512},          {"512B", 512},           {"4KiB", 4096},         {"1MiB", 1048576},
      {"2GiB", 2147483648},  {"10KB", 10000},         {"1MB", 1000000},       {"1GB", 1000000000},
      {"1.5KiB", 1536},      {"0", 0},                {"18446744073709551615", 18446744073709551615ull},
      {"18446744073709551616", std::nullopt},         {"17179869184GiB", std::nullopt},
      {"1.3B", std::nullopt}, {"-1", std::nullopt},   {"4kib", std::nullopt}, {"4 KiB", std::nullopt},
      {"KiB", std::nullopt}, {"", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(parse_size(c.text), c.bytes) << "'" << c.text << "'";
}

TEST(ParseFraction, ReadsPercentagesAndPlainFractions) {
  const struct {
    const char* text;
    std::optional<double> value;
  } cases[] = {
      {"2%", 0.02}, {"0.5%", 0.005}, {"100%", 1.0}, {"150%", 1.5}, {"0.02", 0.02}, {"1", 1.0}, {"0", 0.0},
      {"-1%", std::nullopt}, {"%", std::nullopt}, {"2 %", std::nullopt}, {"2%%", std::nullopt}, {"two", std::nullopt},
  };
  for (const auto& c : cases) {
    const auto f = parse_fraction(c.text);
    ASSERT_EQ(f.has_value(), c.value.has_value()) << "'" << c.text << "'";
    if (f) {
      EXPECT_DOUBLE_EQ(*f, *c.value) << "'" << c.text << "'";
    }
  }
}

TEST(FormatDuration, PrintsTheShortestExactForm) {
  const struct {
    nanoseconds value;
    const char* text;
  } cases[] = {{250ms, "250ms"}, {1500ms, "1.5s"}, {10s, "10s"}, {2min, "2m"},  {90s, "90s"},
               {1h, "1h"},       {500us, "500us"}, {7ns, "7ns"},  {0ns, "0s"},   {1234567ns, "1234567ns"}};
  for (const auto& c : cases) EXPECT_EQ(format_duration(c.value), c.text);
}

TEST(FormatDuration, RoundTripsThroughParse) {
  for (nanoseconds d : std::initializer_list<nanoseconds>{1ns, 999ns, 1001us, 1500ms, 61s, 3h, 12345678ms}) {
    EXPECT_EQ(parse_duration(format_duration(d)), d) << format_duration(d);
  }
}

TEST(FormatRateAndSize, PrintReadableUnits) {
  EXPECT_EQ(format_rate(rate{500}), "500/s");
  EXPECT_EQ(format_rate(rate{0.5}), "30/m");
  EXPECT_EQ(format_size(4096), "4KiB");
  EXPECT_EQ(format_size(1048576), "1MiB");
  EXPECT_EQ(format_size(1000), "1000");
  EXPECT_EQ(format_size(0), "0");
}

}  // namespace
}  // namespace portico::core
