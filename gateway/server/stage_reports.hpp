#pragma once
// The counters that stages keep themselves — rate limiters, auth checks, the patterns' backend
// calls (aggregation, composition), response caches and tracing — copied from the generation
// serving now (a reload that rebuilds a route restarts them). The one source for both
// formatters: components() (run results) and /metrics (admin/prometheus.cpp). A local rate
// limiter a reload keeps (unchanged configuration) keeps counting on.
// Safe from any thread: every stage counter is a relaxed atomic or behind the stage's own lock.
#include "core/results/results.hpp"
#include "gateway/auth/auth_stage.hpp"
#include "gateway/patterns/cache_stage.hpp"
#include "gateway/patterns/call_counters.hpp"
#include "gateway/patterns/trace_stage.hpp"
#include "gateway/ratelimit/rate_limit_stage.hpp"

#include <string>
#include <vector>

namespace portico::gateway {

template <class Report>
struct stage_report {
  std::string listener;
  std::string route;  // empty for a listener-level stage (tracing)
  Report counters;
};

struct stage_reports {
  std::vector<stage_report<rate_limit_report>> limiters;
  std::vector<stage_report<auth_report>> auth;
  std::vector<stage_report<patterns::calls_snapshot>> aggregations, compositions;
  std::vector<stage_report<patterns::cache_counters>> caches;
  std::vector<stage_report<patterns::trace_counters>> traces;
};

// Kinds "limiter" (route), "auth" (route:method), "aggregate" / "compose" (route; per call
// "<call>.calls", ".failures", ".timeouts", ".mean_ms", ".max_ms"), "cache" (route), "trace"
// (listener).
void append_components(const stage_reports& reports, std::vector<core::component_result>& out);

}  // namespace portico::gateway
