#include "gateway/server/stage_reports.hpp"

namespace portico::gateway {

namespace {

core::component_result component(std::string kind, std::string name, std::map<std::string, double> counters) {
  return {std::move(kind), std::move(name), std::move(counters), {}};
}

double d(std::uint64_t v) { return static_cast<double>(v); }

core::component_result calls_component(std::string kind, const stage_report<patterns::calls_snapshot>& r) {
  const auto& s = r.counters;
  auto c = component(std::move(kind), r.route,
                     {{"requests", d(s.requests)}, {"complete", d(s.complete)}, {"partial", d(s.partial)}, {"failed", d(s.failed)}});
  for (const auto& call : s.calls) {
    c.counters[call.name + ".calls"] = d(call.calls);
    c.counters[call.name + ".failures"] = d(call.failures);
    c.counters[call.name + ".timeouts"] = d(call.timeouts);
    c.counters[call.name + ".mean_ms"] = call.mean_ms;
    c.counters[call.name + ".max_ms"] = call.max_ms;
  }
  return c;
}

}  // namespace

void append_components(const stage_reports& reports, std::vector<core::component_result>& out) {
  for (const auto& r : reports.limiters) {
    const auto& c = r.counters;
    out.push_back(component("limiter", r.route,
                            {{"allowed", d(c.allowed)}, {"denied", d(c.denied)}, {"delayed", d(c.delayed)}, {"store_errors", d(c.store_errors)}}));
  }
  for (const auto& r : reports.auth) {
    const auto& c = r.counters;
    auto a = component("auth", r.route + ":" + c.method, {{"ok", d(c.ok)}, {"unauthorized", d(c.unauthorized)}, {"forbidden", d(c.forbidden)}});
    for (const auto& [name, value] : c.extra) a.counters[name] = d(value);  // e.g. jwt's JWKS fetches
    out.push_back(std::move(a));
  }
  for (const auto& r : reports.aggregations) out.push_back(calls_component("aggregate", r));
  for (const auto& r : reports.compositions) out.push_back(calls_component("compose", r));
  for (const auto& r : reports.caches) {
    const auto& c = r.counters;
    out.push_back(component("cache", r.route,
                            {{"hits", d(c.hits)}, {"misses", d(c.misses)}, {"stores", d(c.stores)}, {"uncacheable", d(c.uncacheable)},
                             {"bypassed", d(c.bypassed)}, {"evictions", d(c.evictions)}, {"entries", d(c.entries)}, {"bytes", d(c.bytes)}}));
  }
  for (const auto& r : reports.traces) {
    const auto& c = r.counters;
    out.push_back(component("trace", r.listener,
                            {{"continued", d(c.continued)}, {"started", d(c.started)}, {"invalid_traceparent", d(c.invalid_traceparent)},
                             {"invalid_tracestate", d(c.invalid_tracestate)}, {"sampled", d(c.sampled)}, {"spans_exported", d(c.spans)}}));
  }
}

}  // namespace portico::gateway
