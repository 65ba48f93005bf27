#include "reports/text_formatter.hpp"

#include "reports/metrics.hpp"
#include "reports/summary_tables.hpp"
#include "reports/thresholds.hpp"

namespace portico::reports {

namespace {

// The terminal summary is what `portico run` leaves on screen: per variant a wrk-like block
// (requests, rate, errors, corrected and uncorrected latency) plus one line for each thing a
// gateway engineer looks for next (late sends, limiter denials, ejections, events, failed
// thresholds). The full tables live in the Markdown and HTML reports.

std::string latency_cell(const core::latency_summary& s, double percentile) {
  if (s.count == 0) return "-";
  const auto v = percentile_ns(s, percentile);
  return v ? format_ns(static_cast<double>(*v)) : "-";
}

table latency_block(const core::stream_result& stream) {
  table t;
  t.header = {"latency", "p50", "p90", "p99", "p99.9", "max", "mean"};
  auto row = [&](const char* name, const core::latency_summary& s) {
    t.rows.push_back({name, latency_cell(s, 50), latency_cell(s, 90), latency_cell(s, 99), latency_cell(s, 99.9),
                      s.count ? format_ns(static_cast<double>(s.max_ns)) : "-", s.count ? format_ns(s.mean_ns) : "-"});
  };
  row("corrected", stream.corrected);
  row("uncorrected", stream.uncorrected);
  t.numeric = {false, true, true, true, true, true, true};
  return t;
}

std::string count(double v) { return format_fixed(v, 0); }

double counter(const core::component_result& c, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (auto it = c.counters.find(n); it != c.counters.end()) return it->second;
  }
  return 0;
}

void render_components(std::string& out, const core::phase_result& p) {
  std::string ejected;
  for (const auto& c : p.components) {
    if (c.kind == "route") {
      out += "  route " + c.name + ": " + count(counter(c, {"requests", "sent"})) + " requests, 5xx " +
             count(counter(c, {"status_5xx"}));
      if (c.latency.count > 0) out += ", p99 " + latency_cell(c.latency, 99);
      out += "\n";
    } else if (c.kind == "limiter") {
      const double allowed = counter(c, {"allowed", "allow", "passed"});
      const double denied = counter(c, {"denied", "deny", "rejected", "rate_limited", "limited"});
      const double total = allowed + denied;
      out += "  limiter " + c.name + ": denied " + count(denied) + " of " + count(total) + " (" +
             format_percent(total > 0 ? denied / total : 0) + ")\n";
    } else if (c.kind == "tls") {
      out += "  tls " + c.name + ": " + count(counter(c, {"handshakes"})) + " handshakes (" + count(counter(c, {"tls13"})) +
             " TLS 1.3, " + count(counter(c, {"resumed"})) + " resumed, " + count(counter(c, {"client_certificates"})) +
             " with a client certificate), " + count(counter(c, {"handshake_failures"})) + " failed\n";
    } else if (c.kind == "backend") {
      if (const double n = counter(c, {"ejections"}); n > 0) ejected += (ejected.empty() ? "" : ", ") + c.name + " x" + count(n);
    }
  }
  if (!ejected.empty()) out += "  ejections: " + ejected + "\n";
}

void render_variant(std::string& out, const core::variant_result& v) {
  out += "\n" + v.name;
  for (const auto& [path, value] : v.overrides) out += "  " + path + "=" + value;
  out += "\n";
  const auto* p = measure_phase(v);
  if (!p) {
    out += "  no phases\n";
    return;
  }
  const auto& c = p->overall.counts;
  out += "  " + std::to_string(c.sent) + " requests in " + format_fixed(seconds(p->duration_ns), 1) + " s (" + p->name +
         ", " + (p->model.empty() ? "?" : p->model) + " model, " + std::to_string(p->connections) + " connections): " +
         format_rate(p->throughput) + " completed";
  if (p->intended_rate > 0) out += ", " + format_rate(p->achieved_rate) + " sent of " + format_rate(p->intended_rate) + " intended";
  out += "\n  errors " + format_percent(error_rate(c)) + ": " + std::to_string(c.errors) + " without response";
  if (!c.errors_by_kind.empty()) out += " (" + error_kinds_text(c) + ")";
  out += ", " + std::to_string(status_at_least(c, 500)) + " 5xx; status " + status_line(c) + "\n";
  out += latency_block(p->overall).render_text();
  if (p->overall.corrected.out_of_range > 0) {
    out += "  warning: " + std::to_string(p->overall.corrected.out_of_range) + " latencies beyond the histogram range\n";
  }
  if (p->model == "open" && p->late_sends > 0) {
    out += "  " + std::to_string(p->late_sends) + " sends late by over 1 ms (max " + format_ns(static_cast<double>(p->max_send_lag_ns)) +
           "): corrected latency counts that wait, uncorrected hides it\n";
  }
  if (p->requests.size() > 1) {
    for (const auto& r : p->requests) {
      out += "  request " + r.name + ": " + std::to_string(r.counts.sent) + " sent, p99 " + latency_cell(r.corrected, 99) +
             ", errors " + format_percent(error_rate(r.counts)) + "\n";
    }
  }
  render_components(out, *p);
  if (!v.events.empty()) {
    out += "  events:";
    for (const auto& e : v.events) out += " +" + format_fixed(seconds(e.at_ns), 1) + " s " + e.source + " " + e.what + ";";
    out.back() = '\n';
  }
  if (!v.thresholds.empty()) {
    std::size_t passed = 0;
    for (const auto& t : v.thresholds) passed += t.passed ? 1 : 0;
    out += "  thresholds " + std::to_string(passed) + "/" + std::to_string(v.thresholds.size()) + " passed";
    for (const auto& t : v.thresholds) {
      if (t.passed) continue;
      const auto metric = split_threshold_text(t.text).metric;
      out += "; FAIL " + t.text + " (" + (kind_of_metric(metric) ? format_metric(metric, t.actual) : format_fixed(t.actual, 3)) + ")";
    }
    out += "\n";
  }
}

}  // namespace

std::string text_formatter::render(const core::run_result& run) const {
  std::string out = "Portico: " + run_line(run) + ", " + std::to_string(run.variants.size()) + " variant(s)\n";
  for (const auto& v : run.variants) render_variant(out, v);
  if (run.variants.size() > 1) out += "\nranking (measure phase, corrected p99, then throughput)\n" + ranking_table(run).render_text();
  for (const auto& c : run.capacity) {
    out += "\ncapacity search";
    if (!c.slo.empty()) {
      out += " (SLO:";
      for (const auto& s : c.slo) out += " " + s + ";";
      out.back() = ')';
    }
    out += ": knee " + format_rate(c.knee_rate) + "\n" + capacity_table(c).render_text();
  }
  std::size_t total = 0, failed = 0;
  for (const auto& v : run.variants) {
    for (const auto& t : v.thresholds) {
      ++total;
      failed += t.passed ? 0 : 1;
    }
  }
  if (total > 0) {
    out += "\nthresholds: " + std::to_string(total - failed) + " passed, " + std::to_string(failed) + " failed" +
           (failed ? " -> FAIL\n" : " -> PASS\n");
  }
  return out;
}

}  // namespace portico::reports
