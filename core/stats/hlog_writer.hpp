#pragma once
// Writes an HdrHistogram interval log (.hlog, "Histogram log format version 1.3"), the file
// HistogramLogProcessor, HdrHistogramVisualizer and hdr-histogram-js's HistogramLogReader read:
//   #[Histogram log format version 1.3]
//   #[StartTime: 1700000000.000 (seconds since epoch), 2023-11-14T22:13:20.000Z]
//   #[BaseTime: 1700000000.000 (seconds since epoch)]
//   "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
//   0.000,1.000,12.583,HISTFAAAA...
// Timestamps and lengths are seconds, relative to the start (BaseTime), 3 decimals. Interval_Max
// is the histogram's max divided by max_value_unit_ratio: with Portico's nanosecond values and
// the default 1e6 it is in milliseconds, HdrHistogram's own convention (Java's writer and
// HistogramLogProcessor default to 1e6 for ns). The histogram column is V2 compressed base64, in
// the recorded unit (ns). Not thread-safe; the writer does not own or flush the stream.
#include "core/stats/histogram.hpp"

#include <cstdint>
#include <ostream>
#include <string_view>

namespace portico::core {

struct hlog_options {
  double max_value_unit_ratio = 1e6;  // Interval_Max = max / ratio (ns -> ms)
};

class hlog_writer {
 public:
  // start_unix_ns: wall-clock time of the log's start, read by the caller from its clock.
  hlog_writer(std::ostream& out, std::int64_t start_unix_ns, hlog_options options = {});

  // Version, optional comment, StartTime, BaseTime and the CSV legend. Call once, first.
  void write_header(std::string_view comment = {});
  void write_comment(std::string_view comment);  // "#comment"; line breaks become spaces
  // One line for an interval that began `interval_start_ns` after the log's start. A non-empty
  // tag is written as HdrHistogram's "Tag=NAME," prefix (',' and whitespace become '_').
  void write_interval(std::int64_t interval_start_ns, std::int64_t interval_length_ns,
                      const histogram& interval, std::string_view tag = {});

 private:
  std::ostream& out_;
  std::int64_t start_unix_ns_;
  hlog_options options_;
};

}  // namespace portico::core
