#pragma once
// Inline SVG line charts for the HTML report, generated in C++ (no JS library): axes with ticks
// and units, grid lines, up to ~8 distinguishable series (solid or dashed, optional point
// markers), vertical marker lines (events, the capacity knee), native hover tooltips via <title>.
// The SVG scales to its container's width (viewBox). The legend is HTML (render_figure) so it
// wraps on narrow screens and can toggle series with a click.
#include <string>
#include <utility>
#include <vector>

namespace portico::reports {

struct chart_series {
  std::string name;
  std::vector<std::pair<double, double>> points;  // data coordinates, in x order
  int colour = 0;          // palette index
  bool dashed = false;
  bool line = true;        // false: markers only
  bool markers = false;    // visible point markers (hover targets exist either way)
  std::vector<std::string> tooltips;  // per point; empty -> "name: x, y"
};

struct chart_axis {
  std::string label;  // with the unit: "latency (ms)"
  double min = 0, max = 0;  // max <= min: derived from the data (min 0 for a linear y)
  // Logarithmic scale (base 10, 1-2-5 ticks per decade); values <= 0 are drawn at the axis floor.
  // For latency spectra, whose p50 and max differ by two or three orders of magnitude.
  bool log = false;
  // Explicit ticks (value, label); empty -> "nice" 1-2-5 ticks over [min, max].
  std::vector<std::pair<double, std::string>> ticks;
};

struct chart_marker {
  double x = 0;
  std::string label;
  int colour = 7;
};

struct chart {
  std::string id;     // unique in the page, used by the legend toggles
  std::string title;
  std::string subtitle;
  chart_axis x, y;
  std::vector<chart_series> series;
  std::vector<chart_marker> markers;
  int width = 960, height = 340;
};

// The palette (colour-blind aware, distinct for 8 series); index wraps.
const std::string& palette_colour(int index);

std::string render_svg(const chart& c);
// <figure> with title, the SVG and an HTML legend (click toggles a series).
std::string render_figure(const chart& c);

// Tick helpers: "nice" ticks covering [lo, hi] (about `count` of them) and a compact label.
std::vector<double> nice_ticks(double lo, double hi, int count = 6);
std::string tick_label(double value, double step);
// 1-2-5 ticks per decade covering [lo, hi] (lo > 0), fewer per decade when the range is wide.
std::vector<double> log_ticks(double lo, double hi);

}  // namespace portico::reports
