#include "reports/compare.hpp"

#include "reports/metrics.hpp"
#include "reports/summary_tables.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace portico::reports {

namespace {

const std::vector<std::string> default_metrics{"p50", "p90", "p99", "p999", "max", "throughput", "error_rate"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::string signed_percent(double fraction) {
  return (fraction >= 0 ? "+" : "") + format_fixed(fraction * 100, 1) + "%";
}

std::string gate_text(const std::string& metric, double limit) {
  return metric == "error_rate" ? format_fixed(limit * 100, 2) + " pp" : format_fixed(limit * 100, 1) + "%";
}

metric_delta measure(const std::string& metric, const core::phase_result* base, const core::phase_result* current,
                     const std::vector<regression_gate>& gates) {
  metric_delta d;
  d.metric = metric;
  auto value = [&](const core::phase_result* p) -> std::optional<double> {
    if (!p) return std::nullopt;
    if (metric == "throughput" && p->throughput > 0) return p->throughput;
    return stream_metric(p->overall, p->duration_ns, metric);
  };
  d.base = value(base);
  d.current = value(current);
  for (const auto& g : gates) {
    if (g.metric == metric) d.gate = g.limit;
  }
  if (!d.base || !d.current) {
    d.delta = "n/a";
    d.regressed = d.gate.has_value();
    d.verdict = d.gate ? "missing" : "-";
    return d;
  }
  const double b = *d.base, n = *d.current;
  double change = 0;  // how far NEW moved in the bad direction, in the gate's units
  if (metric == "error_rate") {
    change = n - b;
    d.delta = (change >= 0 ? "+" : "") + format_fixed(change * 100, 2) + " pp";
  } else {
    const double relative = b != 0 ? (n - b) / b : (n == 0 ? 0.0 : INFINITY);
    d.delta = std::isfinite(relative) ? signed_percent(relative) : "+inf";
    change = metric == "throughput" ? -relative : relative;
  }
  if (d.gate) {
    d.regressed = change > *d.gate + 1e-12;
    d.verdict = d.regressed ? "REGRESSION" : "ok";
  } else {
    d.verdict = "-";
  }
  return d;
}

variant_comparison compare_variant(const core::variant_result& base, const core::variant_result& current,
                                   const std::vector<regression_gate>& gates) {
  variant_comparison v;
  v.base_name = base.name;
  v.new_name = current.name;
  std::vector<std::string> metrics = default_metrics;
  for (const auto& g : gates) {
    if (std::find(metrics.begin(), metrics.end(), g.metric) == metrics.end()) metrics.push_back(g.metric);
  }
  for (const auto& m : metrics) {
    v.metrics.push_back(measure(m, measure_phase(base), measure_phase(current), gates));
    v.regressed = v.regressed || v.metrics.back().regressed;
  }
  return v;
}

std::string format_value(const std::string& metric, const std::optional<double>& v) {
  return v ? format_metric(metric, *v) : "-";
}

std::string summary_line(const comparison& c) {
  if (c.gates_checked == 0) return "no gates given (--max-regression): nothing to fail";
  if (c.regressed()) return "REGRESSION: " + std::to_string(c.gates_failed) + " of " + std::to_string(c.gates_checked) + " gate(s) exceeded";
  return "ok: all " + std::to_string(c.gates_checked) + " gate(s) held";
}

}  // namespace

std::optional<std::vector<regression_gate>> parse_regression_gates(std::string_view text, std::string* error) {
  std::vector<regression_gate> gates;
  auto fail = [&](std::string message) -> std::optional<std::vector<regression_gate>> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  while (!trim(text).empty()) {
    const auto comma = text.find(',');
    const std::string_view item = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) return fail("expected METRIC=PERCENT% in '" + std::string(item) + "'");
    regression_gate g;
    g.metric = std::string(trim(item.substr(0, eq)));
    if (!kind_of_metric(g.metric)) {
      return fail("unknown metric '" + g.metric + "' (allowed: p50 p75 p90 p99 p999 p9999 max mean throughput error_rate)");
    }
    std::string number(trim(item.substr(eq + 1)));
    if (number.empty() || number.back() != '%') return fail("expected a percentage like 10% for '" + g.metric + "'");
    number.pop_back();
    char* end = nullptr;
    const double pct = std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(pct) || pct < 0) {
      return fail("expected a non-negative percentage like 10% for '" + g.metric + "'");
    }
    g.limit = pct / 100.0;
    gates.push_back(std::move(g));
  }
  return gates;
}

comparison compare_runs(const core::run_result& base, const core::run_result& current,
                        const std::vector<regression_gate>& gates) {
  comparison c;
  c.base_label = run_line(base);
  c.new_label = run_line(current);
  auto add = [&](const core::variant_result& b, const core::variant_result& n) {
    c.variants.push_back(compare_variant(b, n, gates));
    for (const auto& m : c.variants.back().metrics) {
      if (!m.gate) continue;
      ++c.gates_checked;
      c.gates_failed += m.regressed ? 1 : 0;
    }
  };
  if (base.variants.size() == 1 && current.variants.size() == 1) {
    add(base.variants.front(), current.variants.front());
    return c;
  }
  for (const auto& b : base.variants) {
    auto it = std::find_if(current.variants.begin(), current.variants.end(), [&](auto& n) { return n.name == b.name; });
    if (it == current.variants.end()) c.unmatched.push_back("base only: " + b.name);
    else add(b, *it);
  }
  for (const auto& n : current.variants) {
    auto it = std::find_if(base.variants.begin(), base.variants.end(), [&](auto& b) { return b.name == n.name; });
    if (it == base.variants.end()) c.unmatched.push_back("new only: " + n.name);
  }
  return c;
}

table comparison_table(const variant_comparison& v) {
  table t;
  t.header = {"metric", "base", "new", "delta", "gate", "verdict"};
  for (const auto& m : v.metrics) {
    t.rows.push_back({m.metric, format_value(m.metric, m.base), format_value(m.metric, m.current), m.delta,
                      m.gate ? gate_text(m.metric, *m.gate) : "-", m.verdict});
  }
  t.numeric = {false, true, true, true, true, false};
  return t;
}

std::string render_comparison_text(const comparison& c) {
  std::string out = "base: " + c.base_label + "\nnew:  " + c.new_label + "\n";
  for (const auto& v : c.variants) {
    out += "\nvariant " + v.base_name + (v.new_name != v.base_name ? " -> " + v.new_name : "") + "\n";
    out += comparison_table(v).render_text();
  }
  for (const auto& u : c.unmatched) out += "\nunmatched variant, " + u + "\n";
  return out + "\n" + summary_line(c) + "\n";
}

std::string render_comparison_markdown(const comparison& c) {
  std::string out = std::string("## Portico regression check: ") + (c.regressed() ? "REGRESSION" : "ok") + "\n\n";
  out += "- base: " + c.base_label + "\n- new: " + c.new_label + "\n";
  for (const auto& v : c.variants) {
    out += "\n### Variant `" + v.base_name + "`" + (v.new_name != v.base_name ? " -> `" + v.new_name + "`" : "") + "\n\n";
    out += comparison_table(v).render_markdown();
  }
  for (const auto& u : c.unmatched) out += "\n_Unmatched variant, " + u + "._\n";
  return out + "\n**" + summary_line(c) + "**\n";
}

}  // namespace portico::reports
