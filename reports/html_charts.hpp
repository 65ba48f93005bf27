#pragma once
// The HTML report's charts, built from the results model (see svg_chart.hpp for drawing).
#include "core/results/results.hpp"
#include "reports/svg_chart.hpp"

#include <string>
#include <vector>

namespace portico::reports {

// One curve of a percentile spectrum: from the summary's encoded histogram when present (about
// four points per halving of the tail: 50%, 75%, 87.5%, ...), else from its percentile list.
struct spectrum_curve {
  std::string name;
  const core::latency_summary* summary = nullptr;
  int colour = 0;
  bool dashed = false;
};
// x = log10(1 / (1 - p)) labelled 0%, 90%, 99%, 99.9%, ... like HdrHistogram plots; y in ms.
chart spectrum_chart(std::string id, std::string title, const std::vector<spectrum_curve>& curves);

// Per-second charts of one phase. `markers`: events placed on the phase's time axis.
chart latency_timeline_chart(std::string id, const core::phase_result& phase, std::vector<chart_marker> markers);
chart throughput_timeline_chart(std::string id, const core::phase_result& phase, std::vector<chart_marker> markers = {});
chart errors_timeline_chart(std::string id, const core::phase_result& phase, std::vector<chart_marker> markers);

// All variants' measure phases on one chart: "p99" (latency) or "throughput" (completed/s).
chart variant_overlay_chart(std::string id, const core::run_result& run, std::string_view metric);

// Capacity search: p50/p99 latency against the offered rate (SLO met/missed marked, knee line),
// and achieved throughput against offered rate.
chart capacity_latency_chart(std::string id, const core::capacity_result& capacity);
chart capacity_throughput_chart(std::string id, const core::capacity_result& capacity);

// Events of `variant` as markers on the time axis of `phase` (seconds since that phase began,
// assuming the phases ran back to back). Empty when none falls inside the phase.
std::vector<chart_marker> event_markers(const core::variant_result& variant, const core::phase_result& phase);

// Horizontal allowed/denied bars for the phase's "limiter" components; "" when there are none.
std::string limiter_bars_svg(const core::phase_result& phase);
// The same for every variant's measure phase on one chart ("variant · limiter"); "" when none.
std::string variant_limiter_bars_svg(const core::run_result& run);

}  // namespace portico::reports
