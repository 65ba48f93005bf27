// Thresholds: "[route(NAME).]METRIC OP VALUE", e.g. "p99 < 50ms", "error_rate < 1%",
// "throughput > 900/s", "route(users).p99 <= 20ms". Used by thresholds: and capacity_search.slo.
#include "core/config/sections.hpp"

#include <array>

namespace portico::core::detail {

namespace {

constexpr std::array<std::string_view, 8> latency_metrics{"p50", "p75", "p90", "p99", "p999", "p9999", "max", "mean"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

bool parse_threshold(std::string_view text, threshold_config& out, std::string& error) {
  out.text = std::string(trim(text));
  std::string_view rest = trim(text);
  if (rest.rfind("route(", 0) == 0) {
    const auto close = rest.find(')');
    if (close == std::string_view::npos || close == 6 || close + 1 >= rest.size() || rest[close + 1] != '.') {
      error = "expected route(NAME).METRIC";
      return false;
    }
    out.scope = std::string(rest.substr(6, close - 6));
    rest.remove_prefix(close + 2);
  }
  const auto op_at = rest.find_first_of("<>");
  if (op_at == std::string_view::npos) {
    error = "expected METRIC < VALUE (or <=, >, >=)";
    return false;
  }
  out.metric = std::string(trim(rest.substr(0, op_at)));
  const bool or_equal = op_at + 1 < rest.size() && rest[op_at + 1] == '=';
  out.compare = rest[op_at] == '<' ? (or_equal ? threshold_config::op::le : threshold_config::op::lt)
                                   : (or_equal ? threshold_config::op::ge : threshold_config::op::gt);
  const std::string value(trim(rest.substr(op_at + (or_equal ? 2 : 1))));
  bool latency = false;
  for (auto m : latency_metrics) latency = latency || out.metric == m;
  if (latency) {
    const auto d = parse_duration(value);
    if (!d) {
      error = "expected a duration after the operator, like 50ms, got '" + value + "'";
      return false;
    }
    out.value = static_cast<double>(d->count());
  } else if (out.metric == "error_rate") {
    const auto f = parse_fraction(value);
    if (!f || *f > 1) {
      error = "expected a percentage after the operator, like 1%, got '" + value + "'";
      return false;
    }
    out.value = *f;
  } else if (out.metric == "throughput") {
    const auto r = parse_rate(value);
    if (!r) {
      error = "expected a rate after the operator, like 900/s, got '" + value + "'";
      return false;
    }
    out.value = r->per_second;
  } else {
    error = "unknown metric '" + out.metric + "'";
    std::vector<std::string_view> all(latency_metrics.begin(), latency_metrics.end());
    all.push_back("error_rate");
    all.push_back("throughput");
    if (auto hint = closest(out.metric, all); !hint.empty()) error += " (did you mean '" + std::string(hint) + "'?)";
    error += "; allowed: p50 p75 p90 p99 p999 p9999 max mean error_rate throughput";
    return false;
  }
  return true;
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, threshold_config& out) {
  std::string text;
  if (!read_value(ctx, n, path, text)) return false;
  out.where = ctx.where(n);
  std::string error;
  if (parse_threshold(text, out, error)) return true;
  ctx.error(n, path, error);
  return false;
}

json::object schema_of(schema_tag, const threshold_config&) {
  return {{"type", "string"},
          {"description", "\"[route(NAME).]METRIC OP VALUE\": p99 < 50ms, error_rate < 1%, throughput > 900/s"},
          {"pattern",
           "^ *(route\\([^)]+\\)\\.)?(p50|p75|p90|p99|p999|p9999|max|mean|error_rate|throughput) *(<|<=|>|>=) *[0-9][0-9.]*[a-z%/]* *$"}};
}

}  // namespace portico::core::detail
