#pragma once
// The runner's progress display: on a terminal one line rewritten in place (phase, elapsed,
// rate, p99, errors); otherwise a plain line every 10 s, so CI logs show a long run is alive
// without drowning in output.
#include "loadgen/driver.hpp"

#include <iosfwd>
#include <string>

namespace portico::runner {

class progress_printer {
 public:
  progress_printer(std::ostream* out, bool live, std::string label);
  ~progress_printer();  // ends the live line
  progress_printer(const progress_printer&) = delete;
  progress_printer& operator=(const progress_printer&) = delete;

  void operator()(const loadgen::progress& p);

 private:
  std::ostream* out_;
  bool live_;
  std::string label_;
  bool line_open_ = false;
  double last_printed_s_ = -1e9;
  bool last_warming_ = true;
};

}  // namespace portico::runner
