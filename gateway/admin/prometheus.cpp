#include "gateway/admin/prometheus.hpp"

#include <array>
#include <charconv>
#include <functional>
#include <tuple>

namespace portico::gateway {

namespace {

// Label values may hold any text (route names come from the scenario): escape \, " and newline.
void append_label(std::string& out, std::string_view name, std::string_view value) {
  if (out.back() != '{') out += ',';
  out.append(name).append("=\"");
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  out += '"';
}

void append_number(std::string& out, double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_number(std::string& out, std::uint64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n# TYPE ").append(name).append(" ").append(type).append("\n");
}

using labeller = std::function<void(std::string&)>;

template <class V>
void sample(std::string& out, std::string_view name, const labeller& labels, V value) {
  out.append(name).append("{");
  labels(out);
  if (out.back() == '{') out.pop_back();
  else out += '}';
  out += ' ';
  append_number(out, value);
  out += '\n';
}

constexpr std::array<std::string_view, 6> class_names{"other", "1xx", "2xx", "3xx", "4xx", "5xx"};

// Seconds: 500 µs .. 10 s, the range where gateway latencies of interest live; the exact
// distribution is in the results' HDR histograms.
constexpr std::array<double, 14> edges{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

void status_classes(std::string& out, const labeller& labels, const gateway_counters& c) {
  for (std::size_t i = 1; i < class_names.size(); ++i)
    sample(out, "portico_gateway_requests_total", [&](std::string& o) { labels(o); append_label(o, "class", class_names[i]); },
           c.by_class[i]);
}

void latency(std::string& out, const labeller& labels, const core::histogram& h) {
  std::array<std::uint64_t, edges.size()> cumulative{};
  double sum_ns = 0;
  h.for_each_bucket([&](const core::histogram::bucket& b) {
    // A bucket counts under an edge when its whole range is at or below it (no over-claiming).
    const double highest_s = static_cast<double>(b.highest_equivalent) / 1e9;
    for (std::size_t i = 0; i < edges.size(); ++i)
      if (highest_s <= edges[i]) cumulative[i] += b.count;
    sum_ns += static_cast<double>(b.count) * static_cast<double>(b.lowest_equivalent + b.highest_equivalent) / 2;
  });
  for (std::size_t i = 0; i < edges.size(); ++i) {
    char le[32];
    const auto r = std::to_chars(le, le + sizeof le, edges[i]);
    sample(out, "portico_gateway_request_duration_seconds_bucket",
           [&](std::string& o) { labels(o); append_label(o, "le", std::string_view(le, static_cast<std::size_t>(r.ptr - le))); },
           cumulative[i]);
  }
  const std::uint64_t total = h.count() + h.overflow();
  sample(out, "portico_gateway_request_duration_seconds_bucket", [&](std::string& o) { labels(o); append_label(o, "le", "+Inf"); },
         total);
  sample(out, "portico_gateway_request_duration_seconds_sum", labels, sum_ns / 1e9);
  sample(out, "portico_gateway_request_duration_seconds_count", labels, total);
}

// The HELP/TYPE lines of a family, only when it will have samples: a gateway without caches
// shows no cache families.
bool family(std::string& out, std::size_t samples, std::string_view name, std::string_view type, std::string_view help) {
  if (samples > 0) header(out, name, type, help);
  return samples > 0;
}

// One sample per value, told apart by `label`: outcome="allowed" and outcome="denied", ...
void samples(std::string& out, std::string_view name, const labeller& labels, std::string_view label,
             std::initializer_list<std::pair<std::string_view, std::uint64_t>> values) {
  for (const auto& [value, v] : values) sample(out, name, [&](std::string& o) { labels(o); append_label(o, label, value); }, v);
}

template <class R>
labeller stage_labels(const stage_report<R>& r) {
  return [&r](std::string& o) {
    append_label(o, "listener", r.listener);
    if (!r.route.empty()) append_label(o, "route", r.route);
  };
}

void limiter_families(std::string& out, const std::vector<stage_report<rate_limit_report>>& limiters) {
  std::vector<labeller> labels;
  for (const auto& r : limiters)
    labels.push_back([&r](std::string& o) {
      stage_labels(r)(o);
      append_label(o, "algorithm", r.counters.algorithm);
      append_label(o, "store", r.counters.global ? "redis" : "local");
    });
  const auto n = limiters.size();
  if (family(out, n, "portico_gateway_ratelimit_decisions_total", "counter", "Rate-limit decisions, by outcome."))
    for (std::size_t i = 0; i < n; ++i)
      samples(out, "portico_gateway_ratelimit_decisions_total", labels[i], "outcome",
              {{"allowed", limiters[i].counters.allowed}, {"denied", limiters[i].counters.denied}});
  if (family(out, n, "portico_gateway_ratelimit_delayed_total", "counter", "Allowed requests a shaping leaky bucket held back."))
    for (std::size_t i = 0; i < n; ++i) sample(out, "portico_gateway_ratelimit_delayed_total", labels[i], limiters[i].counters.delayed);
  if (family(out, n, "portico_gateway_ratelimit_store_errors_total", "counter", "Global (Redis) store failures, decided by fail_open."))
    for (std::size_t i = 0; i < n; ++i) sample(out, "portico_gateway_ratelimit_store_errors_total", labels[i], limiters[i].counters.store_errors);
}

void auth_families(std::string& out, const std::vector<stage_report<auth_report>>& auth) {
  if (!family(out, auth.size(), "portico_gateway_auth_requests_total", "counter", "Authentication checks, by method and outcome."))
    return;
  for (const auto& r : auth) {
    const labeller l = [&r](std::string& o) { stage_labels(r)(o); append_label(o, "method", r.counters.method); };
    samples(out, "portico_gateway_auth_requests_total", l, "outcome",
            {{"ok", r.counters.ok}, {"unauthorized", r.counters.unauthorized}, {"forbidden", r.counters.forbidden}});
  }
  // Method-specific counters (a JWT stage's JWKS fetches, failures and unknown-kid fetches).
  std::size_t extras = 0;
  for (const auto& r : auth) extras += r.counters.extra.size();
  if (!family(out, extras, "portico_gateway_auth_key_events_total", "counter", "Events of an auth method beyond its outcomes: JWKS fetches, verified-token cache hits and misses, ..."))
    return;
  for (const auto& r : auth) {
    for (const auto& [event, v] : r.counters.extra) {
      const std::string_view event_name = event;
      sample(out, "portico_gateway_auth_key_events_total", [&](std::string& o) {
        stage_labels(r)(o);
        append_label(o, "method", r.counters.method);
        append_label(o, "event", event_name);
      }, v);
    }
  }
}

void cache_families(std::string& out, const std::vector<stage_report<patterns::cache_counters>>& caches) {
  const auto n = caches.size();
  if (family(out, n, "portico_gateway_cache_lookups_total", "counter", "Response-cache lookups: hit, miss, or bypassed (no-cache/no-store)."))
    for (const auto& r : caches)
      samples(out, "portico_gateway_cache_lookups_total", stage_labels(r), "result",
              {{"hit", r.counters.hits}, {"miss", r.counters.misses}, {"bypass", r.counters.bypassed}});
  const std::array<std::tuple<const char*, const char*, const char*, std::uint64_t patterns::cache_counters::*>, 5> plain{{
      {"portico_gateway_cache_stores_total", "counter", "Answers stored.", &patterns::cache_counters::stores},
      {"portico_gateway_cache_uncacheable_total", "counter", "Answers RFC 9111 did not allow to store.", &patterns::cache_counters::uncacheable},
      {"portico_gateway_cache_evictions_total", "counter", "Entries evicted by the size bounds (LRU).", &patterns::cache_counters::evictions},
      {"portico_gateway_cache_entries", "gauge", "Entries held.", &patterns::cache_counters::entries},
      {"portico_gateway_cache_bytes", "gauge", "Bytes held (keys, bodies, overhead).", &patterns::cache_counters::bytes},
  }};
  for (const auto& [name, type, help, field] : plain)
    if (family(out, n, name, type, help))
      for (const auto& r : caches) sample(out, name, stage_labels(r), r.counters.*field);
}

void calls_families(std::string& out, const std::vector<stage_report<patterns::calls_snapshot>>& aggregations,
                    const std::vector<stage_report<patterns::calls_snapshot>>& compositions) {
  struct item {
    const stage_report<patterns::calls_snapshot>* report;
    const char* pattern;
  };
  std::vector<item> items;
  for (const auto& r : aggregations) items.push_back({&r, "aggregate"});
  for (const auto& r : compositions) items.push_back({&r, "compose"});
  auto labels = [](const item& it) {
    return [&it](std::string& o) { stage_labels(*it.report)(o); append_label(o, "pattern", it.pattern); };
  };
  if (family(out, items.size(), "portico_gateway_pattern_requests_total", "counter", "Aggregation/composition requests, by outcome."))
    for (const auto& it : items) {
      const auto& c = it.report->counters;
      samples(out, "portico_gateway_pattern_requests_total", labels(it), "outcome",
              {{"complete", c.complete}, {"partial", c.partial}, {"failed", c.failed}});
    }
  std::size_t calls = 0;
  for (const auto& it : items) calls += it.report->counters.calls.size();
  auto each_call = [&](std::string_view name, auto value) {
    for (const auto& it : items)
      for (const auto& c : it.report->counters.calls)
        sample(out, name, [&](std::string& o) { labels(it)(o); append_label(o, "call", c.name); }, value(c));
  };
  using call = patterns::call_snapshot;
  if (family(out, calls, "portico_gateway_pattern_calls_total", "counter", "Backend calls made by the pattern, per named call."))
    each_call("portico_gateway_pattern_calls_total", [](const call& c) { return c.calls; });
  if (family(out, calls, "portico_gateway_pattern_call_failures_total", "counter", "Calls that failed (transport, timeout or non-2xx)."))
    each_call("portico_gateway_pattern_call_failures_total", [](const call& c) { return c.failures; });
  if (family(out, calls, "portico_gateway_pattern_call_timeouts_total", "counter", "Calls that timed out."))
    each_call("portico_gateway_pattern_call_timeouts_total", [](const call& c) { return c.timeouts; });
  if (family(out, calls, "portico_gateway_pattern_call_duration_seconds", "summary", "Call durations (sum and count; no quantiles).")) {
    each_call("portico_gateway_pattern_call_duration_seconds_sum", [](const call& c) { return c.total_ms / 1e3; });
    each_call("portico_gateway_pattern_call_duration_seconds_count", [](const call& c) { return c.calls; });
  }
  if (family(out, calls, "portico_gateway_pattern_call_max_duration_seconds", "gauge", "Slowest call since start."))
    each_call("portico_gateway_pattern_call_max_duration_seconds", [](const call& c) { return c.max_ms / 1e3; });
}

void trace_families(std::string& out, const std::vector<stage_report<patterns::trace_counters>>& traces) {
  const auto n = traces.size();
  if (family(out, n, "portico_gateway_trace_requests_total", "counter", "Traced requests: an incoming trace continued, or a new one started."))
    for (const auto& r : traces)
      samples(out, "portico_gateway_trace_requests_total", stage_labels(r), "trace", {{"continued", r.counters.continued}, {"started", r.counters.started}});
  if (family(out, n, "portico_gateway_trace_invalid_headers_total", "counter", "Invalid incoming trace-context headers (dropped)."))
    for (const auto& r : traces)
      samples(out, "portico_gateway_trace_invalid_headers_total", stage_labels(r), "header",
              {{"traceparent", r.counters.invalid_traceparent}, {"tracestate", r.counters.invalid_tracestate}});
  if (family(out, n, "portico_gateway_trace_sampled_total", "counter", "Requests whose spans are recorded."))
    for (const auto& r : traces) sample(out, "portico_gateway_trace_sampled_total", stage_labels(r), r.counters.sampled);
  if (family(out, n, "portico_gateway_trace_spans_exported_total", "counter", "Spans written to the configured OTLP/Zipkin files."))
    for (const auto& r : traces) sample(out, "portico_gateway_trace_spans_exported_total", stage_labels(r), r.counters.spans);
}

void health_families(std::string& out, const std::vector<backend_snapshot>& backends, const std::vector<labeller>& labels) {
  std::size_t n = 0;
  for (const auto& b : backends) n += b.health ? 1 : 0;
  auto each = [&](std::string_view name, auto value) {
    for (std::size_t i = 0; i < backends.size(); ++i)
      if (backends[i].health) sample(out, name, labels[i], value(*backends[i].health));
  };
  if (family(out, n, "portico_gateway_health_probes_total", "counter", "Active health probes sent to the instance."))
    each("portico_gateway_health_probes_total", [](const health_counters& h) { return h.probes; });
  if (family(out, n, "portico_gateway_health_probe_failures_total", "counter", "Probes without a 2xx before the deadline."))
    each("portico_gateway_health_probe_failures_total", [](const health_counters& h) { return h.probe_failures; });
  if (family(out, n, "portico_gateway_health_transitions_total", "counter", "Health state changes of the instance, by new state."))
    for (std::size_t i = 0; i < backends.size(); ++i)
      if (const auto& h = backends[i].health)
        samples(out, "portico_gateway_health_transitions_total", labels[i], "to",
                {{"healthy", h->became_healthy}, {"unhealthy", h->became_unhealthy}});
}

// Tunnels: per route and backend instance like requests; bytes and frames by direction.
template <class Each>
void websocket(std::string& out, Each& each) {
  const std::array<std::pair<const char*, std::uint64_t gateway_counters::*>, 3> plain{{
      {"portico_gateway_websocket_upgrades_total", &gateway_counters::ws_upgrades},
      {"portico_gateway_websocket_refused_total", &gateway_counters::ws_refused},
      {"portico_gateway_websocket_idle_closes_total", &gateway_counters::ws_idle_closes},
  }};
  for (const auto& [name, field] : plain) {
    header(out, name, "counter", "WebSocket upgrades tunnelled / refused, tunnels closed by the idle timeout.");
    each([&](const labeller& l, const gateway_counters& c) { sample(out, name, l, c.*field); });
  }
  header(out, "portico_gateway_websocket_tunnels_active", "gauge", "Open WebSocket tunnels.");
  each([&](const labeller& l, const gateway_counters& c) {
    sample(out, "portico_gateway_websocket_tunnels_active", l, static_cast<double>(c.ws_active));
  });
  const std::array<std::tuple<const char*, const char*, std::uint64_t gateway_counters::*, std::uint64_t gateway_counters::*>, 2> by_direction{{
      {"portico_gateway_websocket_bytes_total", "Tunnel bytes relayed, by direction.", &gateway_counters::ws_bytes_to_upstream,
       &gateway_counters::ws_bytes_to_client},
      {"portico_gateway_websocket_frames_total", "WebSocket frames relayed, by direction.", &gateway_counters::ws_frames_to_upstream,
       &gateway_counters::ws_frames_to_client},
  }};
  for (const auto& [name, help, up, down] : by_direction) {
    header(out, name, "counter", help);
    each([&](const labeller& l, const gateway_counters& c) {
      sample(out, name, [&](std::string& o) { l(o); append_label(o, "direction", "to_upstream"); }, c.*up);
      sample(out, name, [&](std::string& o) { l(o); append_label(o, "direction", "to_client"); }, c.*down);
    });
  }
}

}  // namespace

std::string format_prometheus(const gateway_snapshot& s) {
  std::string out;
  out.reserve(4096 + 2048 * (s.routes.size() + s.backends.size()));
  const labeller overall = [](std::string&) {};
  std::vector<labeller> routes, backends;
  for (const auto& r : s.routes)
    routes.push_back([&r](std::string& o) { append_label(o, "listener", r.listener); append_label(o, "route", r.name); });
  for (const auto& b : s.backends)
    backends.push_back([&b](std::string& o) {
      append_label(o, "backend", b.backend);
      append_label(o, "instance", std::to_string(b.instance));
      append_label(o, "address", b.address);
    });
  auto each = [&](auto&& emit) {
    emit(overall, s.overall);
    for (std::size_t i = 0; i < s.routes.size(); ++i) emit(routes[i], s.routes[i].counters);
    for (std::size_t i = 0; i < s.backends.size(); ++i) emit(backends[i], s.backends[i].counters);
  };

  header(out, "portico_gateway_requests_total", "counter", "Requests answered, by status class (no labels: all; route; backend instance).");
  each([&](const labeller& l, const gateway_counters& c) { status_classes(out, l, c); });
  header(out, "portico_gateway_request_duration_seconds", "histogram", "Request latency at the gateway, head received to last byte.");
  latency(out, overall, s.overall.latency);
  for (std::size_t i = 0; i < s.routes.size(); ++i) latency(out, routes[i], s.routes[i].counters.latency);
  const std::array<std::pair<const char*, std::uint64_t gateway_counters::*>, 5> plain{{
      {"portico_gateway_retries_total", &gateway_counters::retries},
      {"portico_gateway_upstream_errors_total", &gateway_counters::upstream_errors},
      {"portico_gateway_upstream_connect_failures_total", &gateway_counters::connect_failures},
      {"portico_gateway_upstream_timeouts_total", &gateway_counters::timeouts},
      {"portico_gateway_breaker_rejections_total", &gateway_counters::rejected_by_breaker},
  }};
  for (const auto& [name, field] : plain) {
    header(out, name, "counter", "See the counter of the same name in the results model.");
    each([&](const labeller& l, const gateway_counters& c) { sample(out, name, l, c.*field); });
  }

  websocket(out, each);

  header(out, "portico_gateway_connections_active", "gauge", "Open client connections.");
  sample(out, "portico_gateway_connections_active", overall, static_cast<std::uint64_t>(s.connections_active));
  header(out, "portico_gateway_connections_accepted_total", "counter", "Client connections accepted.");
  sample(out, "portico_gateway_connections_accepted_total", overall, s.connections_accepted);
  if (!s.tls.empty()) {
    header(out, "portico_gateway_tls_handshakes_total", "counter", "TLS handshakes per listener, by result (timeout is also failed).");
    for (const auto& t : s.tls) {
      const std::array<std::pair<std::string_view, std::uint64_t>, 3> results{
          {{"ok", t.counters.handshakes}, {"failed", t.counters.handshake_failures}, {"timeout", t.counters.handshake_timeouts}}};
      for (const auto& [result, value] : results)
        sample(out, "portico_gateway_tls_handshakes_total",
               [&](std::string& o) { append_label(o, "listener", t.listener); append_label(o, "result", result); }, value);
    }
    header(out, "portico_gateway_tls_client_certificates_total", "counter", "TLS handshakes with a verified client certificate.");
    for (const auto& t : s.tls)
      sample(out, "portico_gateway_tls_client_certificates_total", [&](std::string& o) { append_label(o, "listener", t.listener); },
             t.counters.client_certificates);
  }
  header(out, "portico_gateway_backend_active_requests", "gauge", "Requests outstanding on a backend instance.");
  for (std::size_t i = 0; i < s.backends.size(); ++i)
    sample(out, "portico_gateway_backend_active_requests", backends[i], static_cast<double>(s.backends[i].outstanding));
  header(out, "portico_gateway_backend_healthy", "gauge", "1 when the instance passes active health checks.");
  for (std::size_t i = 0; i < s.backends.size(); ++i)
    sample(out, "portico_gateway_backend_healthy", backends[i], std::uint64_t{s.backends[i].healthy});
  header(out, "portico_gateway_backend_ejected", "gauge", "1 while outlier detection has ejected the instance.");
  for (std::size_t i = 0; i < s.backends.size(); ++i)
    sample(out, "portico_gateway_backend_ejected", backends[i], std::uint64_t{s.backends[i].ejected});
  header(out, "portico_gateway_backend_ejections_total", "counter", "Outlier ejections of the instance.");
  for (std::size_t i = 0; i < s.backends.size(); ++i)
    sample(out, "portico_gateway_backend_ejections_total", backends[i], std::uint64_t{s.backends[i].times_ejected});
  header(out, "portico_gateway_backend_circuit_state", "gauge", "Circuit breaker of the backend: 0 closed, 1 half-open, 2 open.");
  std::string last;
  for (const auto& b : s.backends) {
    if (b.breaker.empty() || b.backend == last) continue;  // one per backend; empty: no breaker
    last = b.backend;
    const std::uint64_t v = b.breaker == "open" ? 2 : b.breaker == "half_open" ? 1 : 0;
    sample(out, "portico_gateway_backend_circuit_state", [&b](std::string& o) { append_label(o, "backend", b.backend); }, v);
  }
  health_families(out, s.backends, backends);
  limiter_families(out, s.stages.limiters);
  auth_families(out, s.stages.auth);
  cache_families(out, s.stages.caches);
  calls_families(out, s.stages.aggregations, s.stages.compositions);
  trace_families(out, s.stages.traces);
  if (s.access_log) {
    header(out, "portico_gateway_access_log_lines_total", "counter",
           "Access-log lines written, or dropped (the writer was over 8 MiB behind, or a write failed).");
    sample(out, "portico_gateway_access_log_lines_total", [](std::string& o) { append_label(o, "result", "written"); }, s.access_log_written);
    sample(out, "portico_gateway_access_log_lines_total", [](std::string& o) { append_label(o, "result", "dropped"); }, s.access_log_dropped);
  }
  header(out, "portico_gateway_config_generation", "gauge", "Configuration generation being served (1 at start, +1 per reload).");
  sample(out, "portico_gateway_config_generation", overall, s.generation);
  header(out, "portico_gateway_config_reloads_total", "counter", "Reload attempts, by result.");
  sample(out, "portico_gateway_config_reloads_total", [](std::string& o) { append_label(o, "result", "ok"); }, s.reloads_ok);
  sample(out, "portico_gateway_config_reloads_total", [](std::string& o) { append_label(o, "result", "rejected"); }, s.reloads_rejected);
  return out;
}

}  // namespace portico::gateway
