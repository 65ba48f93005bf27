#include "loadgen/text_summary.hpp"

#include <cstdio>
#include <sstream>

namespace portico::loadgen {

std::string format_duration_short(std::int64_t ns) {
  char text[32];
  const double v = static_cast<double>(ns);
  if (ns < 1'000) std::snprintf(text, sizeof text, "%lldns", static_cast<long long>(ns));
  else if (ns < 1'000'000) std::snprintf(text, sizeof text, "%.2fus", v / 1e3);
  else if (ns < 1'000'000'000) std::snprintf(text, sizeof text, "%.2fms", v / 1e6);
  else std::snprintf(text, sizeof text, "%.2fs", v / 1e9);
  return text;
}

namespace {

std::string fixed(double v, int decimals = 1) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*f", decimals, v);
  return text;
}

std::string pad(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

std::string percentile_label(double p) {
  if (p >= 100) return "max";
  std::ostringstream o;
  o << p << "%";
  return o.str();
}

}  // namespace

std::string format_summary(const result& r, const core::load_config& load) {
  const auto& m = r.measure;
  const bool open = m.model == "open";
  std::ostringstream o;
  o << "portico load " << r.target << "\n  " << (open ? "open" : "closed") << " model, " << m.connections
    << " connection(s), " << r.threads << " thread(s)";
  if (load.pipeline > 1) o << ", pipeline " << load.pipeline;
  if (load.new_connection_per_request) o << ", new connection per request";
  o << ", " << format_duration_short(m.duration_ns) << " measured";
  if (r.warmup.duration_ns > 0) o << " after " << format_duration_short(r.warmup.duration_ns) << " warm-up";
  o << "\n\n";
  o << "  Latency     corrected  uncorrected\n";
  const auto& c = m.overall.corrected.percentiles;
  const auto& u = m.overall.uncorrected.percentiles;
  for (std::size_t i = 0; i < c.size() && i < u.size(); ++i) {
    o << "  " << pad(percentile_label(c[i].percentile), 7) << pad(format_duration_short(c[i].value_ns), 13)
      << pad(format_duration_short(u[i].value_ns), 13) << "\n";
  }
  o << "  " << pad("mean", 7) << pad(format_duration_short(static_cast<std::int64_t>(m.overall.corrected.mean_ns)), 13)
    << pad(format_duration_short(static_cast<std::int64_t>(m.overall.uncorrected.mean_ns)), 13) << "\n";
  if (open) {
    o << "  corrected: from each request's intended send time (coordinated omission corrected);\n"
         "  uncorrected: from the moment it was written.\n";
  } else {
    o << "  closed model: corrected == uncorrected (each request is intended when its connection is free).\n";
  }
  if (m.overall.corrected.out_of_range > 0) o << "  out of histogram range: " << m.overall.corrected.out_of_range << "\n";
  const auto& counts = m.overall.counts;
  o << "\n  " << counts.sent << " requests sent, " << counts.completed << " completed, " << counts.errors
    << " errors in " << format_duration_short(m.duration_ns) << "\n";
  o << "  Requests/sec: " << fixed(m.throughput) << " completed";
  if (open) o << ", " << fixed(m.achieved_rate) << " sent of " << fixed(m.intended_rate) << " intended";
  o << "\n";
  if (open) {
    const double late_share = counts.sent ? 100.0 * static_cast<double>(m.late_sends) / static_cast<double>(counts.sent) : 0;
    o << "  Late sends (>1ms behind schedule): " << m.late_sends << " (" << fixed(late_share, 2)
      << "%), max lag " << format_duration_short(m.max_send_lag_ns) << "\n";
    if (m.intended_rate > 0 && m.achieved_rate < 0.99 * m.intended_rate)
      o << "  WARNING: the target did not keep up: achieved " << fixed(100 * m.achieved_rate / m.intended_rate)
        << "% of the intended rate.\n";
    else if (counts.sent && m.late_sends * 100 > counts.sent)
      o << "  WARNING: more than 1% of requests were sent late (no free connection, or the generator fell behind).\n";
  }
  if (!counts.status.empty()) {
    o << "  Status:";
    for (const auto& [code, n] : counts.status) o << " " << code << " x" << n;
    o << "\n";
  }
  if (!counts.errors_by_kind.empty()) {
    o << "  Errors:";
    for (const auto& [kind, n] : counts.errors_by_kind) o << " " << kind << " " << n;
    o << "\n";
    for (const auto& [kind, n] : counts.errors_by_kind) {
      const auto why = counts.error_examples.find(kind);
      if (why != counts.error_examples.end()) o << "    " << kind << ": " << why->second << "\n";
    }
  }
  if (m.requests.size() > 1) {
    o << "\n  Per request                       sent   completed  errors   p50(corr)   p99(corr)\n";
    for (const auto& s : m.requests) {
      auto pct = [&](double p) {
        for (const auto& v : s.corrected.percentiles) if (v.percentile == p) return v.value_ns;
        return std::int64_t{0};
      };
      o << "  " << s.name.substr(0, 30) << std::string(s.name.size() < 30 ? 30 - s.name.size() : 0, ' ')
        << pad(std::to_string(s.counts.sent), 8) << pad(std::to_string(s.counts.completed), 12)
        << pad(std::to_string(s.counts.errors), 8) << pad(format_duration_short(pct(50)), 12)
        << pad(format_duration_short(pct(99)), 12) << "\n";
    }
  }
  return o.str();
}

std::string format_progress(const progress& p) {
  std::ostringstream o;
  if (p.warming_up) {
    o << "warming up " << fixed(p.elapsed_s, 0) << "s";
    return o.str();
  }
  o << fixed(p.elapsed_s, 0) << "s  " << fixed(p.completed_per_s, 0) << " req/s  p99 " << format_duration_short(p.p99_ns)
    << "  errors " << p.errors << "  sent " << p.sent;
  return o.str();
}

}  // namespace portico::loadgen
