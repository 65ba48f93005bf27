#include "scenarios/runner/progress_printer.hpp"

#include "loadgen/text_summary.hpp"

#include <ostream>

namespace portico::runner {

namespace {
constexpr double plain_interval_s = 10;
}

progress_printer::progress_printer(std::ostream* out, bool live, std::string label)
    : out_(out), live_(live), label_(std::move(label)) {}

progress_printer::~progress_printer() {
  if (out_ && line_open_) *out_ << "\n" << std::flush;
}

void progress_printer::operator()(const loadgen::progress& p) {
  if (!out_) return;
  const auto line = "[" + label_ + "] " + loadgen::format_progress(p);
  if (live_) {
    *out_ << "\r\x1b[K" << line << std::flush;
    line_open_ = true;
    return;
  }
  // A new phase restarts the elapsed count; print its first second too.
  if (p.warming_up != last_warming_) last_printed_s_ = -1e9;
  last_warming_ = p.warming_up;
  if (p.elapsed_s - last_printed_s_ < plain_interval_s) return;
  last_printed_s_ = p.elapsed_s;
  *out_ << line << "\n" << std::flush;
}

}  // namespace portico::runner
