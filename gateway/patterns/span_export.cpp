#include "gateway/patterns/span_export.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <stdexcept>

namespace portico::gateway::patterns {

namespace json = boost::json;

std::string otlp_json(const std::vector<span_data>& spans, const std::string& service_name) {
  json::array out_spans;
  for (const auto& s : spans) {
    json::array attributes;
    for (const auto& [k, v] : s.attributes) attributes.push_back({{"key", k}, {"value", {{"stringValue", v}}}});
    if (s.status_code != 0)
      attributes.push_back({{"key", "http.response.status_code"}, {"value", {{"intValue", std::to_string(s.status_code)}}}});
    json::object span{{"traceId", s.trace_id},
                      {"spanId", s.span_id},
                      {"name", s.name},
                      {"kind", s.what == span_data::kind::server ? 2 : 3},
                      {"startTimeUnixNano", std::to_string(s.start_unix_ns)},
                      {"endTimeUnixNano", std::to_string(s.end_unix_ns)},
                      {"attributes", std::move(attributes)},
                      {"status", {{"code", s.error ? 2 : 0}}}};
    if (!s.parent_id.empty()) span["parentSpanId"] = s.parent_id;
    if (!s.tracestate.empty()) span["traceState"] = s.tracestate;
    out_spans.push_back(std::move(span));
  }
  json::object resource{{"attributes", json::array{{{"key", "service.name"}, {"value", {{"stringValue", service_name}}}}}}};
  json::object scope_spans{{"scope", {{"name", "portico.gateway"}}}, {"spans", std::move(out_spans)}};
  json::object doc{{"resourceSpans", json::array{{{"resource", std::move(resource)}, {"scopeSpans", json::array{std::move(scope_spans)}}}}}};
  return json::serialize(doc);
}

std::string zipkin_json(const std::vector<span_data>& spans, const std::string& service_name) {
  json::array out;
  for (const auto& s : spans) {
    json::object tags;
    for (const auto& [k, v] : s.attributes) tags[k] = v;
    if (s.status_code != 0) tags["http.status_code"] = std::to_string(s.status_code);
    if (s.error) tags["error"] = s.status_code != 0 ? std::to_string(s.status_code) : "true";
    json::object span{{"traceId", s.trace_id},
                      {"id", s.span_id},
                      {"name", s.name},
                      {"kind", s.what == span_data::kind::server ? "SERVER" : "CLIENT"},
                      {"timestamp", s.start_unix_ns / 1000},
                      {"duration", std::max<std::int64_t>(1, (s.end_unix_ns - s.start_unix_ns) / 1000)},
                      {"localEndpoint", {{"serviceName", service_name}}},
                      {"tags", std::move(tags)}};
    if (!s.parent_id.empty()) span["parentId"] = s.parent_id;
    out.push_back(std::move(span));
  }
  return json::serialize(out);
}

span_exporter::span_exporter(span_export_config config) : config_(std::move(config)) {
  auto open = [](std::ofstream& f, const std::string& path) {
    if (path.empty()) return;
    f.open(path, std::ios::app);
    if (!f) throw std::runtime_error("cannot open span export file '" + path + "'");
  };
  open(otlp_, config_.otlp_file);
  open(zipkin_, config_.zipkin_file);
}

span_exporter::~span_exporter() { flush(); }

void span_exporter::add(std::vector<span_data> spans) {
  std::lock_guard lock(mutex_);
  for (auto& s : spans) pending_.push_back(std::move(s));
  if (pending_.size() >= config_.batch) write_locked();
}

void span_exporter::flush() {
  std::lock_guard lock(mutex_);
  write_locked();
}

void span_exporter::write_locked() {
  if (pending_.empty()) return;
  if (otlp_.is_open()) otlp_ << otlp_json(pending_, config_.service_name) << '\n' << std::flush;
  if (zipkin_.is_open()) zipkin_ << zipkin_json(pending_, config_.service_name) << '\n' << std::flush;
  exported_ += pending_.size();
  pending_.clear();
}

std::uint64_t span_exporter::exported() const {
  std::lock_guard lock(mutex_);
  return exported_;
}

}  // namespace portico::gateway::patterns
