#include "reports/svg_chart.hpp"

#include "reports/table.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

namespace portico::reports {

namespace {

// Tableau 10 order, reshuffled so the first eight stay distinguishable for common colour-vision
// deficiencies (blue, orange, teal, red, green, purple, brown/ochre, grey).
const std::array<std::string, 8> palette{"#1f77b4", "#ff7f0e", "#17becf", "#d62728",
                                         "#2ca02c", "#9467bd", "#8c564b", "#7f7f7f"};

constexpr int margin_left = 72, margin_right = 44, margin_top = 16, margin_bottom = 50;
constexpr double marker_band = 22;  // badge row above the plot when a chart has markers
constexpr double badge_radius = 8;

bool markers_inline(const chart& c) { return c.markers.size() == 1 && c.markers.front().label.size() <= 24; }

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string compact(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// Axis position in [0, 1] of a data value; a log axis clamps values <= 0 to its floor.
double unit_position(double v, double lo, double hi, bool log) {
  if (!log) return (v - lo) / (hi - lo);
  return (std::log10(std::max(v, lo)) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
}

struct frame {
  double x0, x1, y0, y1;  // data range
  double left, top, width, height;  // plot area in SVG units
  bool xlog = false, ylog = false;
  double px(double x) const { return left + unit_position(x, x0, x1, xlog) * width; }
  double py(double y) const { return top + height - unit_position(y, y0, y1, ylog) * height; }
};

std::pair<double, double> data_range(const chart& c, bool x_axis) {
  const bool log = x_axis ? c.x.log : c.y.log;
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& s : c.series) {
    for (const auto& [x, y] : s.points) {
      const double v = x_axis ? x : y;
      if (!std::isfinite(v) || (log && v <= 0)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (x_axis) {
    for (const auto& m : c.markers) {
      lo = std::min(lo, m.x);
      hi = std::max(hi, m.x);
    }
  }
  if (!std::isfinite(lo)) return {0, 1};
  return {lo, hi};
}

// Resolves an axis: explicit range or the data's, and its ticks. y axes start at 0 and end on a tick.
std::pair<double, double> resolve(const chart& c, const chart_axis& a, bool x_axis, std::vector<std::pair<double, std::string>>& ticks) {
  double lo = a.min, hi = a.max;
  if (a.log) {
    if (hi <= lo || lo <= 0) {
      auto [dlo, dhi] = data_range(c, x_axis);
      if (!(dlo > 0)) dlo = 1;
      lo = a.min > 0 ? a.min : dlo;
      hi = hi > lo ? hi : std::max(dhi, lo * 10);
    }
    ticks = a.ticks;
    if (ticks.empty()) {
      const auto values = log_ticks(lo, hi);
      // Widen to the ticks either side so the curve never touches the frame without a label.
      lo = std::min(lo, values.front());
      hi = std::max(hi, values.back());
      for (double v : values) ticks.emplace_back(v, tick_label(v, v >= 1 ? 1 : v));
    }
    return {lo, hi};
  }
  if (hi <= lo) {
    auto [dlo, dhi] = data_range(c, x_axis);
    lo = x_axis ? dlo : std::min(0.0, dlo);
    hi = x_axis ? dhi : dhi * 1.05;
    if (hi <= lo) hi = lo + 1;
  }
  ticks = a.ticks;
  if (ticks.empty()) {
    auto values = nice_ticks(lo, hi, x_axis ? 8 : 5);
    const double step = values.size() > 1 ? values[1] - values[0] : 1;
    if (!x_axis && a.max <= a.min && !values.empty() && values.back() < hi) {
      values.push_back(values.back() + step);
    }
    if (!x_axis && a.max <= a.min && !values.empty()) hi = std::max(hi, values.back());
    for (double v : values) ticks.emplace_back(v, tick_label(v, step));
  }
  return {lo, hi};
}

}  // namespace

const std::string& palette_colour(int index) {
  return palette[static_cast<std::size_t>(((index % 8) + 8) % 8)];
}

std::vector<double> nice_ticks(double lo, double hi, int count) {
  if (!(hi > lo) || count < 1) return {lo};
  const double raw = (hi - lo) / count;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double r = raw / magnitude;
  const double step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 2.5 ? 2.5 : r <= 5 ? 5 : 10) * magnitude;
  std::vector<double> out;
  for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
    out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    if (out.size() > 50) break;
  }
  return out;
}

std::vector<double> log_ticks(double lo, double hi) {
  if (!(lo > 0) || !(hi > lo)) return {lo > 0 ? lo : 1.0};
  const int first = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
  const int last = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
  // Up to three decades: 1, 2, 5 per decade; wider ranges: powers of ten only.
  const std::vector<double> steps = last - first <= 3 ? std::vector<double>{1, 2, 5} : std::vector<double>{1};
  std::vector<double> all;
  for (int d = first; d <= last; ++d) {
    for (double m : steps) all.push_back(m * std::pow(10.0, d));
  }
  // The tick at or below lo, those inside, and the first at or above hi.
  std::vector<double> out;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const bool next_below = i + 1 < all.size() && all[i + 1] <= lo * (1 + 1e-9);
    if (next_below) continue;
    out.push_back(all[i]);
    if (all[i] >= hi * (1 - 1e-9)) break;
  }
  return out;
}

std::string tick_label(double value, double step) {
  int decimals = 0;
  if (step > 0 && step < 1) decimals = static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  if (step > 0 && std::abs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-6) ++decimals;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", std::min(decimals, 6), value);
  return buf;
}

std::string render_svg(const chart& c) {
  std::vector<std::pair<double, std::string>> xticks, yticks;
  const auto [x0, x1] = resolve(c, c.x, true, xticks);
  const auto [y0, y1] = resolve(c, c.y, false, yticks);
  // Room above the plot for the numbered event badges, so they never sit on the data.
  const double top = margin_top + (c.markers.empty() ? 0 : marker_band);
  frame f{x0, x1, y0, y1, margin_left, top, static_cast<double>(c.width - margin_left - margin_right),
          static_cast<double>(c.height) - top - margin_bottom};
  f.xlog = c.x.log;
  f.ylog = c.y.log;
  const std::string clip = "clip-" + c.id;
  std::string s = "<svg class=\"chart\" id=\"" + html_escape(c.id) + "\" viewBox=\"0 0 " + std::to_string(c.width) + " " +
                  std::to_string(c.height) + "\" role=\"img\" aria-label=\"" + html_escape(c.title) + "\">\n";
  s += "<defs><clipPath id=\"" + clip + "\"><rect x=\"" + num(f.left) + "\" y=\"" + num(f.top - 4) + "\" width=\"" +
       num(f.width + 4) + "\" height=\"" + num(f.height + 8) + "\"/></clipPath></defs>\n";
  s += "<g class=\"grid\">";
  for (const auto& [v, label] : yticks) {
    if (v < y0 - 1e-9 || v > y1 + 1e-9) continue;
    const std::string y = num(f.py(v));
    s += "<line x1=\"" + num(f.left) + "\" x2=\"" + num(f.left + f.width) + "\" y1=\"" + y + "\" y2=\"" + y + "\"/>";
    s += "<text class=\"tick\" x=\"" + num(f.left - 8) + "\" y=\"" + y + "\" text-anchor=\"end\" dominant-baseline=\"middle\">" +
         html_escape(label) + "</text>";
  }
  for (const auto& [v, label] : xticks) {
    if (v < x0 - 1e-9 || v > x1 + 1e-9) continue;
    const std::string x = num(f.px(v));
    s += "<line x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" + num(f.top) + "\" y2=\"" + num(f.top + f.height) + "\"/>";
    s += "<text class=\"tick\" x=\"" + x + "\" y=\"" + num(f.top + f.height + 18) + "\" text-anchor=\"middle\">" +
         html_escape(label) + "</text>";
  }
  s += "</g>\n<g class=\"axes\"><line x1=\"" + num(f.left) + "\" x2=\"" + num(f.left + f.width) + "\" y1=\"" +
       num(f.top + f.height) + "\" y2=\"" + num(f.top + f.height) + "\"/><line x1=\"" + num(f.left) + "\" x2=\"" +
       num(f.left) + "\" y1=\"" + num(f.top) + "\" y2=\"" + num(f.top + f.height) + "\"/></g>\n";
  s += "<text class=\"axis-label\" x=\"" + num(f.left + f.width / 2) + "\" y=\"" + num(c.height - 8.0) +
       "\" text-anchor=\"middle\">" + html_escape(c.x.label) + "</text>\n";
  s += "<text class=\"axis-label\" transform=\"translate(16," + num(f.top + f.height / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">" + html_escape(c.y.label) + "</text>\n";
  // Markers: a dashed line each. One short label (the capacity knee) is written beside its line;
  // otherwise each line gets a numbered badge in the band above the plot and render_figure lists
  // the labels under the chart, so long event texts never overlap each other or the data.
  const bool inline_label = markers_inline(c);
  double last_badge = -INFINITY;
  for (std::size_t i = 0; i < c.markers.size(); ++i) {
    const auto& m = c.markers[i];
    if (m.x < x0 || m.x > x1) continue;
    const double mx = f.px(m.x);
    const std::string x = num(mx), colour = palette_colour(m.colour);
    s += "<g class=\"marker\"><title>" + html_escape(m.label) + "</title><line x1=\"" + x + "\" x2=\"" + x + "\" y1=\"" +
         num(f.top) + "\" y2=\"" + num(f.top + f.height) + "\" stroke=\"" + colour + "\"/>";
    if (inline_label) {
      s += "<text x=\"" + num(mx + 4) + "\" y=\"" + num(f.top - 6) + "\" fill=\"" + colour + "\">" + html_escape(m.label) + "</text>";
    } else {
      const double bx = std::max(mx, last_badge + 2 * badge_radius + 2);  // side by side when lines are close
      last_badge = bx;
      const std::string by = num(f.top - badge_radius - 3);
      if (bx != mx) {
        s += "<line x1=\"" + x + "\" x2=\"" + num(bx) + "\" y1=\"" + num(f.top) + "\" y2=\"" + by + "\" stroke=\"" + colour + "\"/>";
      }
      s += "<circle class=\"badge\" cx=\"" + num(bx) + "\" cy=\"" + by + "\" r=\"" + num(badge_radius) + "\" fill=\"" + colour +
           "\"/><text class=\"badge\" x=\"" + num(bx) + "\" y=\"" + by +
           "\" text-anchor=\"middle\" dominant-baseline=\"central\">" + std::to_string(i + 1) + "</text>";
    }
    s += "</g>\n";
  }
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    const auto& ser = c.series[i];
    const std::string& colour = palette_colour(ser.colour);
    s += "<g class=\"series\" data-series=\"" + std::to_string(i) + "\" clip-path=\"url(#" + clip + ")\">";
    if (ser.line && ser.points.size() > 1) {
      std::string d;
      for (const auto& [x, y] : ser.points) d += (d.empty() ? "M" : " L") + num(f.px(x)) + " " + num(f.py(y));
      s += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2\"" +
           (ser.dashed ? " stroke-dasharray=\"6 4\"" : "") + " stroke-linejoin=\"round\"/>";
    }
    for (std::size_t p = 0; p < ser.points.size(); ++p) {
      const auto [x, y] = ser.points[p];
      const std::string tip = p < ser.tooltips.size() ? ser.tooltips[p] : ser.name + ": " + compact(x) + ", " + compact(y);
      s += "<circle class=\"" + std::string(ser.markers || !ser.line ? "pt shown" : "pt") + "\" cx=\"" + num(f.px(x)) +
           "\" cy=\"" + num(f.py(y)) + "\" r=\"" + (ser.markers || !ser.line ? "4" : "3.5") + "\" fill=\"" + colour +
           "\"><title>" + html_escape(tip) + "</title></circle>";
    }
    s += "</g>\n";
  }
  return s + "</svg>\n";
}

std::string render_figure(const chart& c) {
  std::string s = "<figure class=\"figure\" data-chart=\"" + html_escape(c.id) + "\">\n<figcaption><span class=\"title\">" +
                  html_escape(c.title) + "</span>";
  if (!c.subtitle.empty()) s += "<span class=\"subtitle\">" + html_escape(c.subtitle) + "</span>";
  s += "</figcaption>\n" + render_svg(c) + "<div class=\"legend\">";
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    const auto& ser = c.series[i];
    s += "<button type=\"button\" class=\"key\" data-series=\"" + std::to_string(i) + "\" title=\"show/hide\"><svg width=\"22\" height=\"10\"><line x1=\"1\" x2=\"21\" y1=\"5\" y2=\"5\" stroke=\"" +
         palette_colour(ser.colour) + "\" stroke-width=\"" + (ser.line ? "2.5" : "0") + "\"" +
         (ser.dashed ? " stroke-dasharray=\"5 3\"" : "") + "/>" +
         (ser.line ? "" : "<circle cx=\"11\" cy=\"5\" r=\"4\" fill=\"" + palette_colour(ser.colour) + "\"/>") + "</svg>" +
         html_escape(ser.name) + "</button>";
  }
  s += "</div>\n";
  if (!c.markers.empty() && !markers_inline(c)) {
    s += "<ol class=\"marker-list\">";
    for (std::size_t i = 0; i < c.markers.size(); ++i) {
      s += "<li><span class=\"badge\" style=\"background:" + palette_colour(c.markers[i].colour) + "\">" + std::to_string(i + 1) +
           "</span>" + html_escape(c.markers[i].label) + "</li>";
    }
    s += "</ol>\n";
  }
  return s + "</figure>\n";
}

}  // namespace portico::reports
