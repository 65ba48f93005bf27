#include "core/stats/hlog_writer.hpp"

#include <cstdio>
#include <ctime>
#include <string>

namespace portico::core {
namespace {

std::string seconds_3dp(double seconds) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.3f", seconds);
  return buffer;
}

std::string seconds_3dp(std::int64_t ns) { return seconds_3dp(static_cast<double>(ns) / 1e9); }

std::string iso_utc(std::int64_t unix_ns) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ns / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>((unix_ns / 1'000'000) % 1000));
  return buffer;
}

std::string sanitized(std::string_view text, bool for_tag) {
  std::string out(text);
  for (auto& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
    if (for_tag && (c == ',' || c == ' ' || c == '\t')) c = '_';
  }
  return out;
}

}  // namespace

hlog_writer::hlog_writer(std::ostream& out, std::int64_t start_unix_ns, hlog_options options)
    : out_(out), start_unix_ns_(start_unix_ns), options_(options) {}

void hlog_writer::write_header(std::string_view comment) {
  out_ << "#[Histogram log format version 1.3]\n";
  if (!comment.empty()) write_comment(comment);
  out_ << "#[StartTime: " << seconds_3dp(start_unix_ns_) << " (seconds since epoch), "
       << iso_utc(start_unix_ns_) << "]\n";
  out_ << "#[BaseTime: " << seconds_3dp(start_unix_ns_) << " (seconds since epoch)]\n";
  out_ << "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n";
}

void hlog_writer::write_comment(std::string_view comment) {
  out_ << '#' << sanitized(comment, false) << '\n';
}

void hlog_writer::write_interval(std::int64_t interval_start_ns, std::int64_t interval_length_ns,
                                 const histogram& interval, std::string_view tag) {
  if (!tag.empty()) out_ << "Tag=" << sanitized(tag, true) << ',';
  out_ << seconds_3dp(interval_start_ns) << ',' << seconds_3dp(interval_length_ns) << ','
       << seconds_3dp(static_cast<double>(interval.max()) / options_.max_value_unit_ratio) << ','
       << interval.encode_v2_compressed_base64() << '\n';
}

}  // namespace portico::core
