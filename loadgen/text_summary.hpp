#pragma once
// The human summary `portico load` prints (like wrk's, with corrected and uncorrected
// percentiles side by side, errors by kind, status codes, achieved vs intended rate, late sends),
// and the one-line live progress. Pure formatting of results.
#include "core/config/load_config.hpp"
#include "loadgen/driver.hpp"

#include <string>

namespace portico::loadgen {

std::string format_duration_short(std::int64_t ns);  // "812us", "1.23ms", "1.80s"
std::string format_summary(const result& r, const core::load_config& load);
std::string format_progress(const progress& p);

}  // namespace portico::loadgen
