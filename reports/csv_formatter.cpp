#include "reports/csv_formatter.hpp"

#include "reports/metrics.hpp"

namespace portico::reports {

namespace {

// RFC 4180: quote a field containing a comma, quote, CR or LF; double embedded quotes.
std::string field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string ms(std::optional<std::int64_t> ns) { return ns ? format_fixed(static_cast<double>(*ns) / 1e6, 3) : ""; }

std::uint64_t status_class(const core::request_counts& c, int hundreds) {
  std::uint64_t n = 0;
  for (const auto& [status, count] : c.status) {
    if (status / 100 == hundreds) n += count;
  }
  return n;
}

constexpr const char* header =
    "variant,phase,stream,duration_s,model,connections,intended_rate,sent,completed,errors,status_2xx,status_3xx,"
    "status_4xx,status_5xx,error_rate,throughput,p50_ms,p75_ms,p90_ms,p99_ms,p999_ms,p9999_ms,max_ms,mean_ms,"
    "uncorrected_p50_ms,uncorrected_p99_ms,uncorrected_max_ms\r\n";

void row(std::string& out, const core::variant_result& v, const core::phase_result& p, const core::stream_result& s) {
  const auto& c = s.counts;
  const auto tp = stream_metric(s, p.duration_ns, "throughput");
  std::vector<std::string> cells{v.name, p.name, s.name.empty() ? "overall" : s.name,
                                 format_fixed(seconds(p.duration_ns), 3), p.model, std::to_string(p.connections),
                                 format_fixed(p.intended_rate, 3), std::to_string(c.sent), std::to_string(c.completed),
                                 std::to_string(c.errors)};
  for (int k : {2, 3, 4, 5}) cells.push_back(std::to_string(status_class(c, k)));
  cells.push_back(format_fixed(error_rate(c), 6));
  cells.push_back(tp ? format_fixed(*tp, 3) : "");
  const bool has = s.corrected.count > 0;
  for (double pct : {50.0, 75.0, 90.0, 99.0, 99.9, 99.99, 100.0}) cells.push_back(has ? ms(percentile_ns(s.corrected, pct)) : "");
  cells.push_back(has ? format_fixed(s.corrected.mean_ns / 1e6, 3) : "");
  const bool has_u = s.uncorrected.count > 0;
  for (double pct : {50.0, 99.0, 100.0}) cells.push_back(has_u ? ms(percentile_ns(s.uncorrected, pct)) : "");
  for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + field(cells[i]);
  out += "\r\n";
}

}  // namespace

std::string csv_formatter::render(const core::run_result& run) const {
  std::string out = header;
  for (const auto& v : run.variants) {
    for (const auto& p : v.phases) {
      core::stream_result overall = p.overall;
      if (overall.name.empty()) overall.name = "overall";
      row(out, v, p, overall);
      for (const auto& s : p.requests) row(out, v, p, s);
    }
  }
  return out;
}

}  // namespace portico::reports
