#include "reports/html_charts.hpp"

#include "core/config/units.hpp"
#include "core/stats/histogram.hpp"
#include "reports/metrics.hpp"
#include "reports/table.hpp"
#include "reports/thresholds.hpp"

#include <algorithm>
#include <cmath>

namespace portico::reports {

namespace {

constexpr int max_nines = 6;  // 99.9999%

double ms(double ns) { return ns / 1e6; }

chart_series make_series(std::string name, int colour, bool dashed = false, bool line = true, bool markers = false) {
  chart_series s;
  s.name = std::move(name);
  s.colour = colour;
  s.dashed = dashed;
  s.line = line;
  s.markers = markers;
  return s;
}

double spectrum_x(double percentile) { return std::log10(1.0 / (1.0 - percentile / 100.0)); }

std::string percentile_label(double p) {
  std::string s = format_fixed(p, 4);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "%";
}

int nines_for(const core::latency_summary& s) {
  const double n = static_cast<double>(std::max<std::uint64_t>(s.count, 1));
  return std::clamp(static_cast<int>(std::ceil(std::log10(n))), 2, max_nines);
}

std::vector<std::pair<double, double>> spectrum_points(const core::latency_summary& s, int nines) {
  std::vector<std::pair<double, double>> out;  // (percentile 0..100, value ns)
  if (auto h = s.histogram.empty() ? std::nullopt : core::histogram::decode_v2_compressed_base64(s.histogram);
      h && h->count() > 0) {
    const double total = static_cast<double>(h->count());
    constexpr int per_half = 4;
    for (int k = 0;; ++k) {
      const double tail = std::pow(0.5, static_cast<double>(k) / per_half);
      if (1.0 / tail > total || std::log10(1.0 / tail) > nines) break;
      const double p = (1.0 - tail) * 100.0;
      out.emplace_back(p, static_cast<double>(h->value_at_percentile(p)));
    }
    out.emplace_back(100.0, static_cast<double>(s.max_ns > 0 ? s.max_ns : h->max()));
    return out;
  }
  for (const auto& p : s.percentiles) out.emplace_back(p.percentile, static_cast<double>(p.value_ns));
  std::sort(out.begin(), out.end());
  if (s.count > 0 && (out.empty() || out.back().first < 100)) out.emplace_back(100.0, static_cast<double>(s.max_ns));
  return out;
}

chart_series timeline_series(const core::phase_result& phase, std::string name, int colour,
                             double (*value)(const core::timeline_point&), std::string_view unit) {
  auto s = make_series(std::move(name), colour);
  for (const auto& t : phase.timeline) {
    const double v = value(t);
    s.points.emplace_back(static_cast<double>(t.second), v);
    s.tooltips.push_back(s.name + " at " + std::to_string(t.second) + " s: " + format_fixed(v, v < 10 ? 2 : 1) + std::string(unit));
  }
  return s;
}

chart time_chart(std::string id, std::string title, std::string y_label) {
  chart c;
  c.id = std::move(id);
  c.title = std::move(title);
  c.x.label = "time since phase start (s)";
  c.y.label = std::move(y_label);
  c.height = 300;
  return c;
}

}  // namespace

chart spectrum_chart(std::string id, std::string title, const std::vector<spectrum_curve>& curves) {
  chart c;
  c.id = std::move(id);
  c.title = std::move(title);
  c.subtitle = "latency at each percentile; the x axis stretches the tail (each step is one more nine), as in HdrHistogram plots";
  int nines = 2;
  for (const auto& curve : curves) nines = std::max(nines, curve.summary ? nines_for(*curve.summary) : 2);
  c.x.label = "percentile";
  c.x.min = 0;
  c.x.max = nines;
  c.x.ticks.emplace_back(0, "0%");
  for (int k = 1; k <= nines; ++k) {
    c.x.ticks.emplace_back(k, k == 1 ? "90%" : "99" + (k > 2 ? "." + std::string(static_cast<std::size_t>(k - 2), '9') : "") + "%");
  }
  // Log latency: p50 and the tail of one run differ by orders of magnitude, and on a linear axis
  // the body of the distribution (where most requests live) would be a flat line at zero.
  c.y.label = "latency (ms, log scale)";
  c.y.log = true;
  double floor_ms = INFINITY;
  for (const auto& curve : curves) {
    if (!curve.summary || curve.summary->count == 0) continue;
    auto s = make_series(curve.name, curve.colour, curve.dashed);
    for (const auto& [p, v] : spectrum_points(*curve.summary, nines)) {
      // The axis starts a little below the 20th percentile: the few fastest requests would
      // otherwise stretch the log axis over decades nobody reads; they are drawn at its floor.
      if (p >= 20 && !std::isfinite(floor_ms)) floor_ms = ms(v);
      if (p >= 20) floor_ms = std::min(floor_ms, ms(v));
      s.points.emplace_back(p >= 100 ? static_cast<double>(nines) : std::min(spectrum_x(p), static_cast<double>(nines)), ms(v));
      s.tooltips.push_back(curve.name + ": " + (p >= 100 ? std::string("max") : percentile_label(p)) + " = " + format_ns(v));
    }
    c.series.push_back(std::move(s));
  }
  if (std::isfinite(floor_ms) && floor_ms > 0) c.y.min = floor_ms / 1.5;
  return c;
}

chart latency_timeline_chart(std::string id, const core::phase_result& phase, std::vector<chart_marker> markers) {
  auto c = time_chart(std::move(id), "Latency over time (" + phase.name + ")", "latency (ms)");
  c.subtitle = "corrected, per second";
  c.series.push_back(timeline_series(phase, "p50", 0, [](const core::timeline_point& t) { return ms(static_cast<double>(t.p50_ns)); }, " ms"));
  c.series.push_back(timeline_series(phase, "p90", 2, [](const core::timeline_point& t) { return ms(static_cast<double>(t.p90_ns)); }, " ms"));
  c.series.push_back(timeline_series(phase, "p99", 1, [](const core::timeline_point& t) { return ms(static_cast<double>(t.p99_ns)); }, " ms"));
  c.series.push_back(timeline_series(phase, "max", 3, [](const core::timeline_point& t) { return ms(static_cast<double>(t.max_ns)); }, " ms"));
  c.series.back().dashed = true;
  c.markers = std::move(markers);
  return c;
}

chart throughput_timeline_chart(std::string id, const core::phase_result& phase, std::vector<chart_marker> markers) {
  auto c = time_chart(std::move(id), "Throughput over time (" + phase.name + ")", "requests per second");
  c.series.push_back(timeline_series(phase, "sent", 0, [](const core::timeline_point& t) { return static_cast<double>(t.sent); }, "/s"));
  c.series.push_back(timeline_series(phase, "completed", 4, [](const core::timeline_point& t) { return static_cast<double>(t.completed); }, "/s"));
  if (phase.intended_rate > 0 && !phase.timeline.empty()) {
    auto intended = make_series("intended rate", 7, true);
    intended.points = {{static_cast<double>(phase.timeline.front().second), phase.intended_rate},
                       {static_cast<double>(phase.timeline.back().second), phase.intended_rate}};
    c.series.push_back(std::move(intended));
  }
  c.markers = std::move(markers);
  return c;
}

chart errors_timeline_chart(std::string id, const core::phase_result& phase, std::vector<chart_marker> markers) {
  auto c = time_chart(std::move(id), "Errors and non-2xx responses over time (" + phase.name + ")", "per second");
  c.subtitle = "errors = no response (connect, read, timeout, ...); non-2xx = any response status outside 200-299";
  c.series.push_back(timeline_series(phase, "errors", 3, [](const core::timeline_point& t) { return static_cast<double>(t.errors); }, "/s"));
  c.series.push_back(timeline_series(phase, "non-2xx", 1, [](const core::timeline_point& t) { return static_cast<double>(t.non_2xx); }, "/s"));
  c.markers = std::move(markers);
  return c;
}

chart variant_overlay_chart(std::string id, const core::run_result& run, std::string_view metric) {
  const bool latency = metric == "p99";
  auto c = time_chart(std::move(id), latency ? "p99 latency over time, all variants" : "Throughput over time, all variants",
                      latency ? "p99 latency (ms)" : "completed per second");
  int colour = 0;
  for (const auto& v : run.variants) {
    const auto* p = measure_phase(v);
    if (!p) continue;
    c.series.push_back(latency ? timeline_series(*p, v.name, colour++, [](const core::timeline_point& t) { return ms(static_cast<double>(t.p99_ns)); }, " ms")
                               : timeline_series(*p, v.name, colour++, [](const core::timeline_point& t) { return static_cast<double>(t.completed); }, "/s"));
  }
  return c;
}

chart capacity_latency_chart(std::string id, const core::capacity_result& capacity) {
  chart c;
  c.id = std::move(id);
  c.title = "Capacity search: latency against offered rate";
  c.subtitle = "each point is one trial; the knee is the highest rate that met the SLO";
  c.x.label = "offered rate (requests/s)";
  c.y.label = "latency (ms)";
  auto points = capacity.points;
  std::sort(points.begin(), points.end(), [](auto& a, auto& b) { return a.rate < b.rate; });
  auto p50 = make_series("p50", 0, false, true, true), p99 = make_series("p99", 1, false, true, true);
  auto met = make_series("SLO met", 4, false, false), missed = make_series("SLO missed", 3, false, false);
  for (const auto& pt : points) {
    const std::string at = " at " + format_rate(pt.rate);
    p50.points.emplace_back(pt.rate, ms(static_cast<double>(pt.p50_ns)));
    p50.tooltips.push_back("p50" + at + ": " + format_ns(static_cast<double>(pt.p50_ns)));
    p99.points.emplace_back(pt.rate, ms(static_cast<double>(pt.p99_ns)));
    p99.tooltips.push_back("p99" + at + ": " + format_ns(static_cast<double>(pt.p99_ns)));
    auto& mark = pt.passed ? met : missed;
    mark.points.emplace_back(pt.rate, ms(static_cast<double>(pt.p99_ns)));
    mark.tooltips.push_back((pt.passed ? "SLO met" : "SLO missed") + at + ": p99 " + format_ns(static_cast<double>(pt.p99_ns)) +
                            ", errors " + format_percent(pt.error_rate));
  }
  c.series = {p50, p99, met, missed};
  c.x.min = 0;
  if (!points.empty()) c.x.max = points.back().rate * 1.05;
  // Latency SLOs ("p99 < 50ms") as horizontal lines, so the knee can be read against them.
  for (const auto& slo : capacity.slo) {
    const auto parts = split_threshold_text(slo);
    const auto limit = core::parse_duration(parts.limit);
    if (!percentile_of_metric(parts.metric) || !limit || points.empty()) continue;
    auto line = make_series("SLO " + slo, 7, true);
    const double y = ms(static_cast<double>(limit->count()));
    line.points = {{0, y}, {c.x.max, y}};
    line.tooltips = {slo, slo};
    c.series.push_back(std::move(line));
  }
  if (capacity.knee_rate > 0) c.markers.push_back({capacity.knee_rate, "knee " + format_rate(capacity.knee_rate), 4});
  return c;
}

chart capacity_throughput_chart(std::string id, const core::capacity_result& capacity) {
  chart c;
  c.id = std::move(id);
  c.title = "Capacity search: throughput against offered rate";
  c.x.label = "offered rate (requests/s)";
  c.y.label = "completed per second";
  auto points = capacity.points;
  std::sort(points.begin(), points.end(), [](auto& a, auto& b) { return a.rate < b.rate; });
  auto achieved = make_series("throughput", 0, false, true, true), ideal = make_series("ideal (= offered)", 7, true);
  for (const auto& pt : points) {
    achieved.points.emplace_back(pt.rate, pt.throughput);
    achieved.tooltips.push_back(format_rate(pt.throughput) + " at " + format_rate(pt.rate) + " offered");
  }
  if (!points.empty()) ideal.points = {{0, 0}, {points.back().rate, points.back().rate}};
  c.series = {achieved, ideal};
  c.x.min = 0;
  if (!points.empty()) c.x.max = points.back().rate * 1.05;
  if (capacity.knee_rate > 0) c.markers.push_back({capacity.knee_rate, "knee", 4});
  return c;
}

std::vector<chart_marker> event_markers(const core::variant_result& variant, const core::phase_result& phase) {
  std::int64_t offset = 0;
  for (const auto& p : variant.phases) {
    if (&p == &phase) break;
    offset += p.duration_ns;
  }
  std::vector<chart_marker> out;
  for (const auto& e : variant.events) {
    const double at = seconds(e.at_ns - offset);
    if (at < 0 || at > seconds(phase.duration_ns)) continue;
    out.push_back({at, "+" + format_fixed(at, 1) + " s  " + e.source + ": " + e.what, 5});
  }
  return out;
}

namespace {

double counter(const core::component_result& c, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (auto it = c.counters.find(n); it != c.counters.end()) return it->second;
  }
  return 0.0;
}

struct limiter_bar {
  std::string label;
  double allowed = 0, denied = 0;
};

std::vector<limiter_bar> limiter_bars(const core::phase_result& phase, const std::string& prefix) {
  std::vector<limiter_bar> out;
  for (const auto& c : phase.components) {
    if (c.kind != "limiter") continue;
    out.push_back({prefix + c.name, counter(c, {"allowed", "allow", "passed"}),
                   counter(c, {"denied", "deny", "rejected", "rate_limited", "limited"})});
  }
  return out;
}

// Horizontal 100% bars: allowed (green) then denied (red), the counts and shares to the right.
std::string bars_svg(const std::vector<limiter_bar>& bars, const std::string& aria) {
  if (bars.empty()) return "";
  // The label column fits the longest name ("sliding_window · users (sliding window)") at about
  // 7.5 units per character of the 13px label font; the bar takes what the counts text leaves.
  constexpr int row = 30, width = 960, value_w = 290;
  std::size_t longest = 0;
  for (const auto& b : bars) longest = std::max(longest, display_width(b.label));
  const int label_w = std::clamp(static_cast<int>(static_cast<double>(longest) * 7.5) + 16, 120, 440);
  const int bar_w = width - label_w - value_w;
  const int height = static_cast<int>(bars.size()) * row + 6;
  std::string s = "<svg class=\"chart bars\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
                  "\" role=\"img\" aria-label=\"" + aria + "\">\n";
  int y = 3;
  for (const auto& b : bars) {
    const double total = b.allowed + b.denied;
    const double aw = total > 0 ? bar_w * b.allowed / total : 0;
    const std::string ys = std::to_string(y), text_y = std::to_string(y + 16);
    s += "<text class=\"bar-label\" x=\"" + std::to_string(label_w - 10) + "\" y=\"" + text_y + "\" text-anchor=\"end\">" +
         html_escape(b.label) + "</text>";
    if (total <= 0) {
      s += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + ys + "\" width=\"" + std::to_string(bar_w) +
           "\" height=\"22\" fill=\"#e5e7eb\"/>";
    } else {
      s += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + ys + "\" width=\"" + format_fixed(aw, 1) + "\" height=\"22\" fill=\"" +
           palette_colour(4) + "\"><title>allowed " + format_fixed(b.allowed, 0) + "</title></rect>";
      s += "<rect x=\"" + format_fixed(label_w + aw, 1) + "\" y=\"" + ys + "\" width=\"" + format_fixed(bar_w - aw, 1) +
           "\" height=\"22\" fill=\"" + palette_colour(3) + "\"><title>denied " + format_fixed(b.denied, 0) + "</title></rect>";
    }
    s += "<text class=\"bar-value\" x=\"" + std::to_string(label_w + bar_w + 12) + "\" y=\"" + text_y + "\">denied " +
         format_fixed(b.denied, 0) + " (" + format_percent(total > 0 ? b.denied / total : 0) + ") of " + format_fixed(total, 0) +
         "</text>\n";
    y += row;
  }
  return s + "</svg>\n";
}

}  // namespace

std::string limiter_bars_svg(const core::phase_result& phase) {
  return bars_svg(limiter_bars(phase, ""), "limiter decisions");
}

std::string variant_limiter_bars_svg(const core::run_result& run) {
  std::vector<limiter_bar> bars;
  for (const auto& v : run.variants) {
    if (const auto* p = measure_phase(v)) {
      for (auto& b : limiter_bars(*p, v.name + " · ")) bars.push_back(std::move(b));
    }
  }
  return bars_svg(bars, "limiter decisions, all variants");
}

}  // namespace portico::reports
