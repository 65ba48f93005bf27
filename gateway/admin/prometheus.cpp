#include "gateway/admin/prometheus.hpp"

#include <array>
#include <charconv>
#include <functional>

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
  header(out, "portico_gateway_config_generation", "gauge", "Configuration generation being served (1 at start, +1 per reload).");
  sample(out, "portico_gateway_config_generation", overall, s.generation);
  header(out, "portico_gateway_config_reloads_total", "counter", "Reload attempts, by result.");
  sample(out, "portico_gateway_config_reloads_total", [](std::string& o) { append_label(o, "result", "ok"); }, s.reloads_ok);
  sample(out, "portico_gateway_config_reloads_total", [](std::string& o) { append_label(o, "result", "rejected"); }, s.reloads_rejected);
  return out;
}

}  // namespace portico::gateway
