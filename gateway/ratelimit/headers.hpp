#pragma once
// Response headers for a decision, per draft-ietf-httpapi-ratelimit-headers (the three-field
// form): RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset (delta seconds, rounded up), and
// Retry-After (delta seconds, rounded up, at least 1) on a denial (the stage answers 429).
#include "gateway/ratelimit/decision.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::gateway {

// Whole seconds, rounded up, so that a client waiting that long is never early.
std::int64_t ceil_seconds(std::chrono::nanoseconds d) noexcept;

// Calls set(name, value) for each header, the value as a number; names are string literals.
template <class Set>
void for_each_rate_limit_number(const decision& d, Set&& set) {
  set(std::string_view{"RateLimit-Limit"}, static_cast<std::int64_t>(d.limit));
  set(std::string_view{"RateLimit-Remaining"}, static_cast<std::int64_t>(d.remaining));
  set(std::string_view{"RateLimit-Reset"}, ceil_seconds(d.reset_after));
  if (!d.allowed) {
    const std::int64_t retry = ceil_seconds(d.retry_after);
    set(std::string_view{"Retry-After"}, retry < 1 ? std::int64_t{1} : retry);
  }
}

// The same, the value as text.
template <class Set>
void for_each_rate_limit_header(const decision& d, Set&& set) {
  for_each_rate_limit_number(d, [&](std::string_view name, std::int64_t value) { set(name, std::to_string(value)); });
}

std::vector<std::pair<std::string, std::string>> rate_limit_headers(const decision& d);

}  // namespace portico::gateway
