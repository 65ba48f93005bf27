#include "reports/thresholds.hpp"

#include "reports/metrics.hpp"

#include <algorithm>

namespace portico::reports {

namespace {

double counter(const core::component_result& c, std::string_view name) {
  auto it = c.counters.find(std::string(name));
  return it == c.counters.end() ? 0.0 : it->second;
}

std::optional<double> component_metric(const core::component_result& c, std::int64_t duration_ns,
                                       std::string_view metric) {
  const auto kind = kind_of_metric(metric);
  if (!kind) return std::nullopt;
  const double requests = c.counters.count("requests") ? counter(c, "requests") : counter(c, "sent");
  switch (*kind) {
    case metric_kind::rate:
      return requests > 0 ? (counter(c, "errors") + counter(c, "status_5xx")) / requests : 0.0;
    case metric_kind::throughput:
      if (duration_ns <= 0) return std::nullopt;
      return requests / seconds(duration_ns);
    case metric_kind::latency:
      if (c.latency.count == 0) return std::nullopt;
      if (metric == "mean") return c.latency.mean_ns;
      if (auto v = percentile_ns(c.latency, *percentile_of_metric(metric))) return static_cast<double>(*v);
      return std::nullopt;
  }
  return std::nullopt;
}

bool holds(double actual, core::threshold_config::op op, double limit) {
  switch (op) {
    case core::threshold_config::op::lt: return actual < limit;
    case core::threshold_config::op::le: return actual <= limit;
    case core::threshold_config::op::gt: return actual > limit;
    case core::threshold_config::op::ge: return actual >= limit;
  }
  return false;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<double> threshold_actual(const core::phase_result& phase, std::string_view scope,
                                       std::string_view metric) {
  if (scope.empty()) {
    // The phase's own throughput field is what the runner measured; prefer it when set.
    if (metric == "throughput" && phase.throughput > 0) return phase.throughput;
    return stream_metric(phase.overall, phase.duration_ns, metric);
  }
  for (const auto& stream : phase.requests) {
    if (stream.name == scope) return stream_metric(stream, phase.duration_ns, metric);
  }
  for (const auto& c : phase.components) {
    if (c.kind == "route" && c.name == scope) return component_metric(c, phase.duration_ns, metric);
  }
  return std::nullopt;
}

core::threshold_result evaluate_threshold(const core::threshold_config& threshold, const core::phase_result& phase) {
  core::threshold_result result;
  result.text = threshold.text;
  result.scope = threshold.scope;
  if (auto actual = threshold_actual(phase, threshold.scope, threshold.metric)) {
    result.actual = *actual;
    result.passed = holds(*actual, threshold.compare, threshold.value);
  }
  return result;
}

std::vector<core::threshold_result> evaluate_thresholds(const std::vector<core::threshold_config>& thresholds,
                                                        const core::phase_result& phase) {
  std::vector<core::threshold_result> out;
  out.reserve(thresholds.size());
  for (const auto& t : thresholds) out.push_back(evaluate_threshold(t, phase));
  return out;
}

bool all_thresholds_passed(const core::run_result& run) {
  return std::all_of(run.variants.begin(), run.variants.end(), [](const core::variant_result& v) {
    return std::all_of(v.thresholds.begin(), v.thresholds.end(), [](auto& t) { return t.passed; });
  });
}

threshold_parts split_threshold_text(std::string_view text) {
  threshold_parts parts;
  std::string_view rest = trim(text);
  if (rest.rfind("route(", 0) == 0) {
    if (auto close = rest.find(")."); close != std::string_view::npos) {
      parts.scope = std::string(rest.substr(6, close - 6));
      rest.remove_prefix(close + 2);
    }
  }
  const auto op_at = rest.find_first_of("<>");
  if (op_at == std::string_view::npos) {
    parts.metric = std::string(rest);
    return parts;
  }
  const bool or_equal = op_at + 1 < rest.size() && rest[op_at + 1] == '=';
  parts.metric = std::string(trim(rest.substr(0, op_at)));
  parts.op = std::string(rest.substr(op_at, or_equal ? 2 : 1));
  parts.limit = std::string(trim(rest.substr(op_at + parts.op.size())));
  return parts;
}

std::string describe_threshold(const core::threshold_result& result) {
  const auto parts = split_threshold_text(result.text);
  if (!kind_of_metric(parts.metric)) return "limit " + result.text;
  return "actual " + format_metric(parts.metric, result.actual) + ", limit " + parts.op + " " + parts.limit;
}

}  // namespace portico::reports
