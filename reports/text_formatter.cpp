#include "reports/text_formatter.hpp"

#include "reports/metrics.hpp"
#include "reports/summary_tables.hpp"
#include "reports/thresholds.hpp"

namespace portico::reports {

namespace {

void render_variant(std::string& out, const core::variant_result& v) {
  out += "\n== variant " + v.name;
  for (const auto& [path, value] : v.overrides) out += "  [" + path + "=" + value + "]";
  out += "\n";
  if (v.phases.size() > 1) out += "\nphases:\n" + phases_table(v).render_text();
  if (const auto* p = measure_phase(v)) {
    out += "\n" + p->name + ": " + phase_line(*p) + "\n";
    out += "requests: " + counts_line(p->overall.counts) + "\n";
    out += "status: " + status_line(p->overall.counts) + "\n";
    if (p->overall.corrected.out_of_range > 0) {
      out += "warning: " + std::to_string(p->overall.corrected.out_of_range) + " latencies beyond the histogram range\n";
    }
    out += "\n" + latency_table(p->overall).render_text();
    if (!p->requests.empty()) out += "\nper request:\n" + requests_table(*p).render_text();
    for (const auto& [kind, t] : component_tables(*p)) out += "\n" + kind + "s:\n" + t.render_text();
  }
  if (!v.thresholds.empty()) out += "\nthresholds:\n" + thresholds_table(v).render_text();
  if (!v.events.empty()) out += "\nevents:\n" + events_table(v).render_text();
}

}  // namespace

std::string text_formatter::render(const core::run_result& run) const {
  std::string out = "Portico results: " + run_line(run) + "\n";
  if (!run.environment.empty()) {
    out += "environment:";
    for (const auto& [k, v] : run.environment) out += " " + k + "=" + v;
    out += "\n";
  }
  for (const auto& v : run.variants) render_variant(out, v);
  if (run.variants.size() > 1) out += "\n== ranking (by corrected p99)\n" + ranking_table(run).render_text();
  for (const auto& c : run.capacity) {
    out += "\n== capacity search";
    if (!c.slo.empty()) {
      out += " (SLO:";
      for (const auto& s : c.slo) out += " " + s + ";";
      out.back() = ')';
    }
    out += "\n" + capacity_table(c).render_text() + "knee: " + format_rate(c.knee_rate) + "\n";
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
