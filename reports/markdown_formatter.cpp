#include "reports/markdown_formatter.hpp"

#include "reports/metrics.hpp"
#include "reports/summary_tables.hpp"
#include "reports/thresholds.hpp"

namespace portico::reports {

namespace {

std::string code(const std::string& s) { return "`" + s + "`"; }

void render_variant(std::string& out, const core::variant_result& v, bool several) {
  out += several ? "\n## Variant " + code(v.name) + "\n\n" : "\n## Results\n\n";
  if (!v.overrides.empty()) {
    for (const auto& [path, value] : v.overrides) out += "- " + code(path + " = " + value) + "\n";
    out += "\n";
  }
  if (!v.thresholds.empty()) {
    bool ok = true;
    for (const auto& t : v.thresholds) ok = ok && t.passed;
    out += std::string(ok ? "**Thresholds: PASS**" : "**Thresholds: FAIL**") + "\n\n" + thresholds_table(v).render_markdown();
  }
  if (const auto* p = measure_phase(v)) {
    out += "\n**" + p->name + "**: " + phase_line(*p) + "  \n";
    out += "Requests: " + counts_line(p->overall.counts) + "  \n";
    out += "Status: " + status_line(p->overall.counts) + "\n\n";
    out += latency_table(p->overall).render_markdown();
    if (!p->requests.empty()) out += "\n### Per request\n\n" + requests_table(*p).render_markdown();
    for (const auto& [kind, t] : component_tables(*p)) out += "\n### " + component_heading(kind) + "\n\n" + t.render_markdown();
  }
  if (v.phases.size() > 1) out += "\n### Phases\n\n" + phases_table(v).render_markdown();
  if (!v.events.empty()) out += "\n### Events\n\n" + events_table(v).render_markdown();
}

}  // namespace

std::string markdown_formatter::render(const core::run_result& run) const {
  std::string out = "# Portico: " + (run.scenario.empty() ? std::string("results") : run.scenario) + "\n\n";
  out += run_line(run) + "\n";
  if (!run.environment.empty()) {
    out += "\n<details><summary>Environment</summary>\n\n";
    for (const auto& [k, v] : run.environment) out += "- " + k + ": " + code(v) + "\n";
    out += "\n</details>\n";
  }
  if (run.variants.size() > 1) out += "\n## Ranking (by corrected p99)\n\n" + ranking_table(run).render_markdown();
  for (const auto& v : run.variants) render_variant(out, v, run.variants.size() > 1);
  for (const auto& c : run.capacity) {
    out += "\n## Capacity search\n\n";
    if (!c.slo.empty()) {
      out += "SLO:";
      for (const auto& s : c.slo) out += " " + code(s);
      out += "  \n";
    }
    out += "Knee: **" + format_rate(c.knee_rate) + "**\n\n" + capacity_table(c).render_markdown();
  }
  return out;
}

}  // namespace portico::reports
