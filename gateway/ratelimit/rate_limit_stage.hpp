#pragma once
// The pipeline stage for a route's rate_limit: builds the key (key_builder), asks the limiter,
// and answers 429 with RateLimit-* and Retry-After, or continues (after the shaping delay of a
// leaky queue) with RateLimit-* headers on the response. Local limiters decide inline; the Redis
// store goes pending and resumes from its own I/O thread (one per stage, owned here).
// Factory for gateway/server/stage_list.cpp (route level, after auth): nullptr without rate_limit.
#include "gateway/pipeline/stage_factory.hpp"
#include "gateway/ratelimit/rate_limiter.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace portico::gateway {

std::unique_ptr<stage> make_rate_limit_stage(const stage_build_context& context);

// For /metrics and tests: the limiter behind a stage built by make_rate_limit_stage, or nullptr.
const rate_limiter* rate_limit_stage_limiter(const stage& s) noexcept;

// A plain copy of one rate-limit stage's counters, for gateway_server's snapshot and /metrics:
//   for each route stage s: if (auto r = rate_limit_stage_report(s)) export(route, *r);
// Safe from any thread (relaxed loads of monotonic counters).
struct rate_limit_report {
  std::string limiter;    // describe(params), e.g. "500 per 1000000000ns, capacity 50"
  std::string algorithm;  // "token_bucket", ...
  bool global = false;  // Redis store
  std::uint64_t allowed = 0, denied = 0, delayed = 0, store_errors = 0;
};
std::optional<rate_limit_report> rate_limit_stage_report(const stage& s);

}  // namespace portico::gateway
