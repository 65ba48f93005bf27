#pragma once
// Facts about the machine a run happened on, stored in run_result::environment so that a reader
// comparing two results files can see whether they are comparable at all.
#include <map>
#include <string>

namespace portico::runner {

// host, kernel, cores, cpu model, memory; best effort (missing facts are left out).
std::map<std::string, std::string> describe_environment();

// Current UTC time as ISO 8601 ("2026-11-22T07:33:43Z") and as a compact stamp for directory
// names ("20261122-073343").
std::string utc_timestamp_iso();
std::string utc_timestamp_compact();

}  // namespace portico::runner
