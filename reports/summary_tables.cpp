#include "reports/summary_tables.hpp"

#include "reports/metrics.hpp"
#include "reports/thresholds.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

namespace portico::reports {

namespace {

const std::string dash = "-";

std::string latency_cell(const core::latency_summary& s, double percentile) {
  if (s.count == 0) return dash;
  auto v = percentile_ns(s, percentile);
  return v ? format_ns(static_cast<double>(*v)) : dash;
}

std::string count_cell(double v) {
  if (std::abs(v - std::round(v)) < 1e-9 && std::abs(v) < 1e15) return std::to_string(static_cast<long long>(std::llround(v)));
  return format_fixed(v, 3);
}

std::vector<bool> numeric_after(std::size_t text_columns, std::size_t total) {
  std::vector<bool> n(total, true);
  for (std::size_t i = 0; i < text_columns && i < total; ++i) n[i] = false;
  return n;
}

}  // namespace

const std::vector<percentile_column>& summary_percentiles() {
  static const std::vector<percentile_column> columns{
      {50, "p50"}, {75, "p75"}, {90, "p90"}, {99, "p99"}, {99.9, "p99.9"}, {99.99, "p99.99"}};
  return columns;
}

std::string phase_line(const core::phase_result& p) {
  std::string s = format_fixed(seconds(p.duration_ns), 1) + " s, " + (p.model.empty() ? "?" : p.model) + " model, " +
                  std::to_string(p.connections) + " connections";
  if (p.intended_rate > 0) s += ", intended " + format_rate(p.intended_rate);
  s += ", achieved " + format_rate(p.achieved_rate) + ", throughput " + format_rate(p.throughput);
  if (p.model == "open") s += ", late sends " + std::to_string(p.late_sends) + " (max lag " + format_ns(static_cast<double>(p.max_send_lag_ns)) + ")";
  return s;
}

std::string error_kinds_text(const core::request_counts& c) {
  std::string kinds;
  for (const auto& [kind, n] : c.errors_by_kind) {
    kinds += (kinds.empty() ? "" : ", ") + kind + " " + std::to_string(n);
    const auto why = c.error_examples.find(kind);
    if (why != c.error_examples.end()) kinds += " (" + why->second + ")";
  }
  return kinds;
}

std::string counts_line(const core::request_counts& c) {
  std::string s = "sent " + std::to_string(c.sent) + ", completed " + std::to_string(c.completed) + ", errors " +
                  std::to_string(c.errors);
  if (!c.errors_by_kind.empty()) s += " (" + error_kinds_text(c) + ")";
  return s + ", 5xx " + std::to_string(status_at_least(c, 500)) + ", error rate " + format_percent(error_rate(c));
}

std::string status_line(const core::request_counts& c) {
  std::string s;
  for (const auto& [status, n] : c.status) s += (s.empty() ? "" : ", ") + std::to_string(status) + ": " + std::to_string(n);
  return s.empty() ? "none" : s;
}

table latency_table(const core::stream_result& stream) {
  table t;
  t.header = {"latency", "count"};
  for (const auto& col : summary_percentiles()) t.header.push_back(col.label);
  t.header.insert(t.header.end(), {"max", "mean"});
  auto row = [&](const char* name, const core::latency_summary& s) {
    std::vector<std::string> r{name, std::to_string(s.count)};
    for (const auto& col : summary_percentiles()) r.push_back(latency_cell(s, col.percentile));
    r.push_back(s.count ? format_ns(static_cast<double>(s.max_ns)) : dash);
    r.push_back(s.count ? format_ns(s.mean_ns) : dash);
    t.rows.push_back(std::move(r));
  };
  row("corrected", stream.corrected);
  row("uncorrected", stream.uncorrected);
  t.numeric = numeric_after(1, t.header.size());
  return t;
}

table phases_table(const core::variant_result& variant) {
  table t;
  t.header = {"phase", "duration", "model", "conns", "intended", "achieved", "throughput", "sent", "error rate", "p50", "p99", "max"};
  for (const auto& p : variant.phases) {
    t.rows.push_back({p.name, format_fixed(seconds(p.duration_ns), 1) + " s", p.model, std::to_string(p.connections),
                      p.intended_rate > 0 ? format_rate(p.intended_rate) : dash, format_rate(p.achieved_rate),
                      format_rate(p.throughput), std::to_string(p.overall.counts.sent),
                      format_percent(error_rate(p.overall.counts)), latency_cell(p.overall.corrected, 50),
                      latency_cell(p.overall.corrected, 99), latency_cell(p.overall.corrected, 100)});
  }
  t.numeric = numeric_after(3, t.header.size());
  return t;
}

table requests_table(const core::phase_result& phase) {
  table t;
  t.header = {"request", "sent", "completed", "errors", "5xx", "error rate", "throughput", "p50", "p90", "p99", "max"};
  for (const auto& s : phase.requests) {
    const auto tp = stream_metric(s, phase.duration_ns, "throughput");
    t.rows.push_back({s.name, std::to_string(s.counts.sent), std::to_string(s.counts.completed),
                      std::to_string(s.counts.errors), std::to_string(status_at_least(s.counts, 500)),
                      format_percent(error_rate(s.counts)), tp ? format_rate(*tp) : dash, latency_cell(s.corrected, 50),
                      latency_cell(s.corrected, 90), latency_cell(s.corrected, 99), latency_cell(s.corrected, 100)});
  }
  t.numeric = numeric_after(1, t.header.size());
  return t;
}

std::string component_heading(std::string_view kind) {
  // Kinds are identifiers in results.json; a few read badly as "<kind>s".
  static const std::pair<std::string_view, std::string_view> named[] = {
      {"access_log", "access log"}, {"auth", "authentication"}, {"tls", "TLS listeners"},
      {"mock", "mock instances"},   {"trace", "tracing"},
  };
  for (const auto& [k, heading] : named)
    if (k == kind) return std::string(heading);
  std::string heading(kind);
  std::replace(heading.begin(), heading.end(), '_', ' ');
  return heading + "s";
}

std::vector<std::pair<std::string, table>> component_tables(const core::phase_result& phase) {
  std::vector<std::string> kinds;
  for (const auto& c : phase.components) {
    if (std::find(kinds.begin(), kinds.end(), c.kind) == kinds.end()) kinds.push_back(c.kind);
  }
  std::vector<std::pair<std::string, table>> out;
  for (const auto& kind : kinds) {
    std::set<std::string> counter_names;
    bool has_latency = false;
    for (const auto& c : phase.components) {
      if (c.kind != kind) continue;
      for (const auto& [name, value] : c.counters) counter_names.insert(name);
      has_latency = has_latency || c.latency.count > 0;
    }
    table t;
    t.header = {kind};
    t.header.insert(t.header.end(), counter_names.begin(), counter_names.end());
    if (has_latency) t.header.insert(t.header.end(), {"p50", "p99", "max"});
    for (const auto& c : phase.components) {
      if (c.kind != kind) continue;
      std::vector<std::string> row{c.name};
      for (const auto& name : counter_names) {
        auto it = c.counters.find(name);
        row.push_back(it == c.counters.end() ? dash : count_cell(it->second));
      }
      if (has_latency) {
        row.insert(row.end(), {latency_cell(c.latency, 50), latency_cell(c.latency, 99), latency_cell(c.latency, 100)});
      }
      t.rows.push_back(std::move(row));
    }
    t.numeric = numeric_after(1, t.header.size());
    out.emplace_back(kind, std::move(t));
  }
  return out;
}

table thresholds_table(const core::variant_result& variant) {
  table t;
  t.header = {"result", "threshold", "scope", "actual", "limit"};
  for (const auto& r : variant.thresholds) {
    const auto parts = split_threshold_text(r.text);
    const bool known = kind_of_metric(parts.metric).has_value();
    t.rows.push_back({r.passed ? "PASS" : "FAIL", r.text, r.scope.empty() ? "overall" : r.scope,
                      known ? format_metric(parts.metric, r.actual) : format_fixed(r.actual, 3),
                      parts.op + " " + parts.limit});
  }
  t.numeric = {false, false, false, true, false};
  return t;
}

table events_table(const core::variant_result& variant) {
  table t;
  // Event times count from the run's start; the charts count from each phase's start (phases run
  // back to back), so the table gives both to let a reader match a row to a chart marker.
  t.header = {"at", "in phase", "source", "event"};
  for (const auto& e : variant.events) {
    std::string in_phase = dash;
    std::int64_t start = 0;
    for (const auto& p : variant.phases) {
      if (e.at_ns >= start && e.at_ns <= start + p.duration_ns) {
        in_phase = p.name + " +" + format_fixed(seconds(e.at_ns - start), 1) + " s";
        break;
      }
      start += p.duration_ns;
    }
    t.rows.push_back({"+" + format_fixed(seconds(e.at_ns), 3) + " s", in_phase, e.source, e.what});
  }
  t.numeric = {true, false, false, false};
  return t;
}

table ranking_table(const core::run_result& run) {
  struct entry {
    const core::variant_result* variant;
    const core::phase_result* phase;
    double p99;
  };
  std::vector<entry> entries;
  for (const auto& v : run.variants) {
    const auto* p = measure_phase(v);
    if (!p) continue;
    entries.push_back({&v, p, stream_metric(p->overall, p->duration_ns, "p99").value_or(INFINITY)});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const entry& a, const entry& b) {
    if (a.p99 != b.p99) return a.p99 < b.p99;
    return a.phase->throughput > b.phase->throughput;
  });
  // Limiter denials get a column when any variant has a limiter: in a limiter shoot-out the
  // share of requests refused is half of the answer.
  auto denied_share = [](const core::phase_result& p) -> std::optional<double> {
    double allowed = 0, denied = 0;
    bool any = false;
    for (const auto& c : p.components) {
      if (c.kind != "limiter") continue;
      any = true;
      for (const auto& [name, value] : c.counters) {
        if (name == "allowed") allowed += value;
        if (name == "denied") denied += value;
      }
    }
    if (!any) return std::nullopt;
    return allowed + denied > 0 ? denied / (allowed + denied) : 0.0;
  };
  const bool limiters = std::any_of(entries.begin(), entries.end(), [&](const entry& e) { return denied_share(*e.phase).has_value(); });
  table t;
  t.header = {"rank", "variant", "p50", "p99", "p99.9", "max", "p99 uncorr.", "throughput", "error rate"};
  if (limiters) t.header.push_back("limiter denied");
  t.header.push_back("thresholds");
  int rank = 0;
  for (const auto& e : entries) {
    const auto& s = e.phase->overall;
    const auto passed = std::count_if(e.variant->thresholds.begin(), e.variant->thresholds.end(), [](auto& r) { return r.passed; });
    std::vector<std::string> row{std::to_string(++rank), e.variant->name, latency_cell(s.corrected, 50), latency_cell(s.corrected, 99),
                                 latency_cell(s.corrected, 99.9), latency_cell(s.corrected, 100), latency_cell(s.uncorrected, 99),
                                 format_rate(e.phase->throughput), format_percent(error_rate(s.counts))};
    if (limiters) {
      const auto share = denied_share(*e.phase);
      row.push_back(share ? format_percent(*share) : dash);
    }
    row.push_back(e.variant->thresholds.empty() ? dash : std::to_string(passed) + "/" + std::to_string(e.variant->thresholds.size()));
    t.rows.push_back(std::move(row));
  }
  t.numeric = numeric_after(2, t.header.size());
  t.numeric[0] = true;
  return t;
}

table capacity_table(const core::capacity_result& capacity) {
  table t;
  t.header = {"rate", "throughput", "error rate", "p50", "p99", "SLO"};
  for (const auto& p : capacity.points) {
    t.rows.push_back({format_rate(p.rate), format_rate(p.throughput), format_percent(p.error_rate),
                      format_ns(static_cast<double>(p.p50_ns)), format_ns(static_cast<double>(p.p99_ns)),
                      p.passed ? "met" : "missed"});
  }
  t.numeric = {true, true, true, true, true, false};
  return t;
}

std::string run_line(const core::run_result& run) {
  std::string s = "scenario " + (run.scenario.empty() ? std::string("?") : run.scenario) + ", seed " + std::to_string(run.seed);
  if (!run.started_at.empty()) s += ", started " + run.started_at;
  if (!run.tool_version.empty()) s += ", portico " + run.tool_version;
  return s;
}

}  // namespace portico::reports
