#include "reports/html_formatter.hpp"

#include "reports/html_assets.hpp"
#include "reports/html_charts.hpp"
#include "reports/metrics.hpp"
#include "reports/summary_tables.hpp"
#include "reports/thresholds.hpp"

#include <algorithm>

namespace portico::reports {

namespace {

std::string esc(std::string_view s) { return html_escape(s); }

// A stable, HTML-id-safe name: "v1-token_bucket".
std::string anchor(std::size_t index, const std::string& name) {
  std::string out = "v" + std::to_string(index) + "-";
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    out += ok ? c : '-';
  }
  return out;
}

std::string wrap_table(const table& t, const std::vector<std::string>& row_classes = {}) {
  return "<div class=\"table-wrap\">" + t.render_html(row_classes) + "</div>\n";
}

std::string card(const std::string& label, const std::string& value, bool bad = false) {
  return std::string("<div class=\"card") + (bad ? " bad" : "") + "\"><div class=\"label\">" + esc(label) +
         "</div><div class=\"value\">" + esc(value) + "</div></div>";
}

std::string latency_card(const core::latency_summary& s, double p) {
  auto v = s.count ? percentile_ns(s, p) : std::nullopt;
  return v ? format_ns(static_cast<double>(*v)) : "-";
}

std::string cards(const core::variant_result& v, const core::phase_result& p) {
  const auto& s = p.overall;
  const double errors = error_rate(s.counts);
  std::size_t passed = 0;
  for (const auto& t : v.thresholds) passed += t.passed ? 1 : 0;
  std::string out = "<div class=\"cards\">";
  out += card("throughput", format_rate(p.throughput));
  out += card("requests", std::to_string(s.counts.sent));
  out += card("p50", latency_card(s.corrected, 50));
  out += card("p99", latency_card(s.corrected, 99));
  out += card("p99.9", latency_card(s.corrected, 99.9));
  out += card("max", latency_card(s.corrected, 100));
  out += card("error rate", format_percent(errors), errors > 0);
  if (!v.thresholds.empty()) {
    out += card("thresholds", std::to_string(passed) + " / " + std::to_string(v.thresholds.size()), passed != v.thresholds.size());
  }
  return out + "</div>\n";
}

// Several variants: one row per threshold, one column per variant, so a strategy that fails
// stands out at a glance (a long PASS/FAIL list per variant hides it).
std::string thresholds_matrix(const core::run_result& run) {
  std::vector<std::string> texts;
  for (const auto& v : run.variants) {
    for (const auto& t : v.thresholds) {
      if (std::find(texts.begin(), texts.end(), t.text) == texts.end()) texts.push_back(t.text);
    }
  }
  std::string out = "<div class=\"table-wrap\"><table class=\"matrix\"><thead><tr><th>threshold</th>";
  for (const auto& v : run.variants) out += "<th class=\"num\">" + esc(v.name) + "</th>";
  out += "</tr></thead><tbody>\n";
  for (const auto& text : texts) {
    out += "<tr><td>" + esc(text) + "</td>";
    for (const auto& v : run.variants) {
      const auto it = std::find_if(v.thresholds.begin(), v.thresholds.end(), [&](auto& t) { return t.text == text; });
      if (it == v.thresholds.end()) {
        out += "<td class=\"num\">-</td>";
        continue;
      }
      const auto metric = split_threshold_text(it->text).metric;
      const std::string actual = kind_of_metric(metric) ? format_metric(metric, it->actual) : format_fixed(it->actual, 3);
      out += std::string("<td class=\"num ") + (it->passed ? "pass" : "fail") + "\">" + (it->passed ? "PASS " : "FAIL ") +
             esc(actual) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

std::string thresholds_section(const core::run_result& run) {
  std::size_t total = 0, failed = 0;
  for (const auto& v : run.variants) {
    for (const auto& r : v.thresholds) {
      ++total;
      failed += r.passed ? 0 : 1;
    }
  }
  std::string out = "<section id=\"thresholds\"><h2>Thresholds</h2>\n";
  if (total == 0) return out + "<div class=\"banner none\">No thresholds were set for this run.</div></section>\n";
  out += failed ? "<div class=\"banner fail\">FAIL: " + std::to_string(failed) + " of " + std::to_string(total) + " thresholds failed</div>\n"
                : "<div class=\"banner pass\">PASS: all " + std::to_string(total) + " thresholds held</div>\n";
  if (run.variants.size() > 1) return out + thresholds_matrix(run) + "</section>\n";
  std::vector<std::string> classes;
  for (const auto& r : run.variants.front().thresholds) classes.push_back(r.passed ? "pass" : "fail");
  return out + wrap_table(thresholds_table(run.variants.front()), classes) + "</section>\n";
}

std::string variants_section(const core::run_result& run) {
  std::vector<spectrum_curve> curves;
  int colour = 0;
  for (const auto& v : run.variants) {
    if (const auto* p = measure_phase(v)) {
      curves.push_back({v.name, &p->overall.corrected, colour, false});
      curves.push_back({v.name + " (uncorrected)", &p->overall.uncorrected, colour, true});
      ++colour;
    }
  }
  std::string out = "<section id=\"variants\"><h2>Variants compared</h2>\n";
  out += "<p class=\"note\">Measure phase of each variant under the same seeded load; latency corrected for "
         "coordinated omission (from the intended send time) unless marked uncorrected.</p>\n";
  out += "<h3>Ranking (by p99, then throughput)</h3>\n" + wrap_table(ranking_table(run));
  auto spectrum = spectrum_chart("overlay-spectrum", "Latency percentile spectrum, all variants", curves);
  spectrum.subtitle += "; solid = corrected, dashed = uncorrected (click a key to hide it)";
  out += render_figure(spectrum);
  out += render_figure(variant_overlay_chart("overlay-p99", run, "p99"));
  out += render_figure(variant_overlay_chart("overlay-throughput", run, "throughput"));
  if (const auto bars = variant_limiter_bars_svg(run); !bars.empty()) out += "<h3>Limiter decisions, all variants</h3>\n" + bars;
  return out + "</section>\n";
}

std::string variant_section(const core::variant_result& v, std::size_t index, bool several) {
  const std::string id = anchor(index, v.name);
  std::string out = "<section class=\"variant\" id=\"" + esc(id) + "\"><h2>" +
                    (several ? "Variant <code>" + esc(v.name) + "</code>" : std::string("Results")) + "</h2>\n";
  if (!v.overrides.empty()) {
    out += "<div>";
    for (const auto& [path, value] : v.overrides) out += "<span class=\"chip\">" + esc(path) + " = " + esc(value) + "</span>";
    out += "</div>\n";
  }
  const auto* p = measure_phase(v);
  if (!p) return out + "<p class=\"note\">This variant has no phases.</p></section>\n";
  out += "<p class=\"note\">" + esc(p->name) + ": " + esc(phase_line(*p)) + "</p>\n" + cards(v, *p);
  if (p->overall.corrected.out_of_range > 0) {
    out += "<div class=\"banner fail\">" + std::to_string(p->overall.corrected.out_of_range) +
           " latencies fell outside the histogram's range and are not in the percentiles.</div>\n";
  }
  std::vector<spectrum_curve> curves{{"corrected", &p->overall.corrected, 0, false},
                                     {"uncorrected", &p->overall.uncorrected, 0, true}};
  int colour = 1;
  if (p->requests.size() > 1) {
    for (const auto& r : p->requests) curves.push_back({r.name + " (corrected)", &r.corrected, colour++, false});
  }
  out += render_figure(spectrum_chart(id + "-spectrum", "Latency percentile spectrum (" + p->name + ")", curves));
  if (!p->timeline.empty()) {
    const auto markers = event_markers(v, *p);
    out += render_figure(latency_timeline_chart(id + "-latency", *p, markers));
    out += render_figure(throughput_timeline_chart(id + "-throughput", *p, markers));
    out += render_figure(errors_timeline_chart(id + "-errors", *p, markers));
  }
  out += "<h3>Latency</h3>\n" + wrap_table(latency_table(p->overall));
  out += "<p class=\"note\">Requests: " + esc(counts_line(p->overall.counts)) + ". Status: " +
         esc(status_line(p->overall.counts)) + ".</p>\n";
  if (!p->requests.empty()) out += "<h3>Per request template</h3>\n" + wrap_table(requests_table(*p));
  for (const auto& [kind, t] : component_tables(*p)) {
    out += "<h3 class=\"components\">" + esc(component_heading(kind)) + "</h3>\n";
    if (kind == "limiter") out += limiter_bars_svg(*p);
    out += wrap_table(t);
  }
  if (v.phases.size() > 1) out += "<h3>Phases</h3>\n" + wrap_table(phases_table(v));
  if (!v.events.empty()) out += "<h3>Health and events</h3>\n" + wrap_table(events_table(v));
  return out + "</section>\n";
}

std::string capacity_section(const core::capacity_result& c, std::size_t index) {
  std::string out = "<section id=\"capacity-" + std::to_string(index) + "\" class=\"capacity\"><h2>Capacity search</h2>\n";
  out += "<p class=\"note\">Knee: <strong>" + esc(format_rate(c.knee_rate)) + "</strong>";
  if (!c.slo.empty()) {
    out += ". SLO:";
    for (const auto& s : c.slo) out += " <span class=\"chip\">" + esc(s) + "</span>";
  }
  out += "</p>\n";
  out += render_figure(capacity_latency_chart("capacity-latency-" + std::to_string(index), c));
  out += render_figure(capacity_throughput_chart("capacity-throughput-" + std::to_string(index), c));
  table t = capacity_table(c);
  std::vector<std::string> classes;
  for (const auto& pt : c.points) classes.push_back(pt.passed ? "" : "missed");
  return out + "<h3>Trials (in the order tried)</h3>\n" + wrap_table(t, classes) + "</section>\n";
}

std::string run_section(const core::run_result& run) {
  std::string out = "<section id=\"run\"><h2>Run</h2><dl class=\"kv\">";
  auto kv = [&](const std::string& k, const std::string& v) {
    if (!v.empty()) out += "<dt>" + esc(k) + "</dt><dd>" + esc(v) + "</dd>";
  };
  kv("scenario", run.scenario);
  kv("scenario file", run.scenario_file);
  kv("seed", std::to_string(run.seed));
  kv("started at", run.started_at);
  kv("portico", run.tool_version);
  kv("results schema", run.schema);
  for (const auto& [k, v] : run.environment) kv(k, v);
  return out + "</dl></section>\n";
}

// In-page links: a several-variant report with capacity runs to many screens.
std::string nav(const core::run_result& run) {
  std::string out = "<nav class=\"toc\"><a href=\"#thresholds\">Thresholds</a>";
  if (run.variants.size() > 1) out += "<a href=\"#variants\">Variants compared</a>";
  for (std::size_t i = 0; i < run.variants.size(); ++i) {
    out += "<a href=\"#" + esc(anchor(i, run.variants[i].name)) + "\">" +
           (run.variants.size() > 1 ? esc(run.variants[i].name) : std::string("Results")) + "</a>";
  }
  for (std::size_t i = 0; i < run.capacity.size(); ++i) out += "<a href=\"#capacity-" + std::to_string(i) + "\">Capacity search</a>";
  return out + "<a href=\"#run\">Run</a></nav>\n";
}

}  // namespace

std::string html_formatter::render(const core::run_result& run) const {
  const std::string title = run.scenario.empty() ? std::string("results") : run.scenario;
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>Portico report: " + esc(title) + "</title>\n<style>" + std::string(report_css()) +
                    "</style>\n</head>\n<body>\n";
  out += "<header class=\"page\"><div class=\"brand\">Portico report</div><h1>" + esc(title) + "</h1><p class=\"meta\">" +
         esc(run_line(run)) + " &middot; " + std::to_string(run.variants.size()) + " variant(s)</p></header>\n<main>\n";
  out += nav(run);
  out += thresholds_section(run);
  const bool several = run.variants.size() > 1;
  if (several) out += variants_section(run);
  for (std::size_t i = 0; i < run.variants.size(); ++i) out += variant_section(run.variants[i], i, several);
  for (std::size_t i = 0; i < run.capacity.size(); ++i) out += capacity_section(run.capacity[i], i);
  out += run_section(run);
  out += "</main>\n<footer>Generated by portico" + (run.tool_version.empty() ? "" : " " + esc(run.tool_version)) +
         " from " + esc(run.schema) + ". Self-contained: no network access needed.</footer>\n";
  return out + "<script>" + std::string(report_js()) + "</script>\n</body>\n</html>\n";
}

}  // namespace portico::reports
