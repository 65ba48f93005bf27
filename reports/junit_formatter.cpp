#include "reports/junit_formatter.hpp"

#include "reports/metrics.hpp"
#include "reports/table.hpp"
#include "reports/thresholds.hpp"

namespace portico::reports {

namespace {

// XML attribute text: html_escape covers & < > " ' which is what XML 1.0 attributes need;
// control characters other than tab/CR/LF are not allowed in XML 1.0 at all, so drop them.
std::string attr(std::string_view s) {
  std::string clean;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 || c == '\t' || c == '\n' || c == '\r') clean += c;
  }
  return html_escape(clean);
}

}  // namespace

std::string junit_formatter::render(const core::run_result& run) const {
  std::size_t tests = 0, failures = 0;
  for (const auto& v : run.variants) {
    for (const auto& t : v.thresholds) {
      ++tests;
      failures += t.passed ? 0 : 1;
    }
  }
  const std::string scenario = run.scenario.empty() ? "portico" : run.scenario;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"" + attr("portico " + scenario) + "\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"0\">\n";
  for (const auto& v : run.variants) {
    std::size_t failed = 0;
    for (const auto& t : v.thresholds) failed += t.passed ? 0 : 1;
    const auto* phase = measure_phase(v);
    const std::string time = format_fixed(phase ? seconds(phase->duration_ns) : 0.0, 3);
    out += "  <testsuite name=\"" + attr(scenario + "/" + v.name) + "\" tests=\"" + std::to_string(v.thresholds.size()) +
           "\" failures=\"" + std::to_string(failed) + "\" errors=\"0\" skipped=\"0\" time=\"" + time + "\"";
    if (!run.started_at.empty()) out += " timestamp=\"" + attr(run.started_at) + "\"";
    out += ">\n";
    const std::string classname = "portico." + scenario + "." + v.name;
    for (const auto& t : v.thresholds) {
      out += "    <testcase classname=\"" + attr(classname) + "\" name=\"" + attr(t.text) + "\" time=\"0\"";
      if (t.passed) {
        out += "/>\n";
        continue;
      }
      const std::string message = describe_threshold(t);
      out += ">\n      <failure message=\"" + attr(message) + "\" type=\"threshold\">" + attr(t.text + ": " + message) +
             "</failure>\n    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  return out + "</testsuites>\n";
}

}  // namespace portico::reports
