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

// Calls set(name, value) for each header; no allocation beyond the value strings.
template <class Set>
void for_each_rate_limit_header(const decision& d, Set&& set) {
  set(std::string_view{"RateLimit-Limit"}, std::to_string(d.limit));
  set(std::string_view{"RateLimit-Remaining"}, std::to_string(d.remaining));
  set(std::string_view{"RateLimit-Reset"}, std::to_string(ceil_seconds(d.reset_after)));
  if (!d.allowed) {
    const std::int64_t retry = ceil_seconds(d.retry_after);
    set(std::string_view{"Retry-After"}, std::to_string(retry < 1 ? 1 : retry));
  }
}

std::vector<std::pair<std::string, std::string>> rate_limit_headers(const decision& d);

}  // namespace portico::gateway
