#pragma once
// W3C Trace Context (Recommendation, https://www.w3.org/TR/trace-context/): parsing and writing
// `traceparent` and `tracestate`. Pure functions; thread-safe.
//
// traceparent = version "-" trace-id "-" parent-id "-" trace-flags, all lowercase hex.
//   version 00: exactly 55 characters; trace-id (32) and parent-id (16) not all zeros.
//   version ff: invalid. A higher version: at least 55 characters, parsed as 00 for the first
//   four fields, which must be followed by the end or "-" (forward compatibility, spec §3.2.4).
//   Anything invalid: the receiver starts a new trace and drops tracestate.
// tracestate = up to 32 list members "key=value" separated by "," (optional spaces/tabs around
//   members; empty members are allowed and dropped). key: lcalpha then up to 255 of
//   [a-z0-9_-*/], or tenant@system (tenant up to 241, system up to 14). value: up to 256
//   printable ASCII except "," and "=", not ending in a space. Duplicate keys or more than 32
//   members make the whole header invalid (it is dropped, the trace continues).
//   Propagation limit: at most 512 characters; members longer than 128 go first, then members
//   from the end (spec §3.3.1.5). Updating a member moves it to the front (§3.5).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::gateway::patterns {

struct traceparent {
  std::uint8_t version = 0;
  std::string trace_id;   // 32 lowercase hex
  std::string parent_id;  // 16 lowercase hex
  std::uint8_t flags = 0;
  bool sampled() const noexcept { return (flags & 1) != 0; }
};

std::optional<traceparent> parse_traceparent(std::string_view value);
// Always version 00 with only the flags this version defines (sampled).
std::string format_traceparent(std::string_view trace_id, std::string_view span_id, bool sampled);

using tracestate = std::vector<std::pair<std::string, std::string>>;  // in header order

// nullopt when the header is invalid (which drops it).
std::optional<tracestate> parse_tracestate(std::string_view value);
// Joined with "," and truncated to `max_chars` by the spec's rule.
std::string format_tracestate(const tracestate& members, std::size_t max_chars = 512);
// Sets key=value as the left-most member (removing an older one of the same key); drops the
// right-most members beyond 32.
void upsert_tracestate(tracestate& members, std::string key, std::string value);

// Random ids (lowercase hex, never all zeros) from a per-thread generator.
std::string new_trace_id();
std::string new_span_id();
// A uniform double in [0, 1) from the same generator (sampling decisions).
double trace_random();

}  // namespace portico::gateway::patterns
