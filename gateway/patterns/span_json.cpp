#include "gateway/patterns/span_json.hpp"

#include "core/util/json_escape.hpp"

#include <algorithm>
#include <charconv>

namespace portico::gateway::patterns {

namespace {

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// "key":"value" with a leading comma unless it opens the object.
void member(std::string& out, std::string_view key, std::string_view value, bool first = false) {
  if (!first) out += ',';
  out += '"';
  out.append(key).append("\":");
  append_json_string(out, value);
}

void member_int(std::string& out, std::string_view key, std::int64_t value) {
  out.append(",\"").append(key).append("\":");
  append_int(out, value);
}

// OTLP encodes 64-bit integers (times, intValue) as decimal strings (proto3 JSON mapping).
void member_int_string(std::string& out, std::string_view key, std::int64_t value) {
  out.append(",\"").append(key).append("\":\"");
  append_int(out, value);
  out += '"';
}

void otlp_attribute(std::string& out, bool& first, std::string_view key, std::string_view value) {
  if (!first) out += ',';
  first = false;
  out.append("{\"key\":");
  append_json_string(out, key);
  out.append(",\"value\":{\"stringValue\":");
  append_json_string(out, value);
  out.append("}}");
}

void otlp_span(std::string& out, const span_data& s) {
  out += '{';
  member(out, "traceId", s.trace_id, true);
  member(out, "spanId", s.span_id);
  if (!s.parent_id.empty()) member(out, "parentSpanId", s.parent_id);
  if (!s.tracestate.empty()) member(out, "traceState", s.tracestate);
  member(out, "name", s.name);
  member_int(out, "kind", s.what == span_data::kind::server ? 2 : 3);
  member_int_string(out, "startTimeUnixNano", s.start_unix_ns);
  member_int_string(out, "endTimeUnixNano", s.end_unix_ns);
  out.append(",\"attributes\":[");
  bool first = true;
  for (const auto& [k, v] : s.attributes) otlp_attribute(out, first, k, v);
  if (s.status_code != 0) {
    if (!first) out += ',';
    out.append("{\"key\":\"http.response.status_code\",\"value\":{\"intValue\":\"");
    append_int(out, s.status_code);
    out.append("\"}}");
  }
  out.append("],\"status\":{\"code\":").append(s.error ? "2" : "0").append("}}");
}

void zipkin_span(std::string& out, const span_data& s, std::string_view service_name) {
  out += '{';
  member(out, "traceId", s.trace_id, true);
  member(out, "id", s.span_id);
  if (!s.parent_id.empty()) member(out, "parentId", s.parent_id);
  member(out, "name", s.name);
  member(out, "kind", s.what == span_data::kind::server ? "SERVER" : "CLIENT");
  member_int(out, "timestamp", s.start_unix_ns / 1000);
  member_int(out, "duration", std::max<std::int64_t>(1, (s.end_unix_ns - s.start_unix_ns) / 1000));
  out.append(",\"localEndpoint\":{");
  member(out, "serviceName", service_name, true);
  out.append("},\"tags\":{");
  // Zipkin tags are a JSON object, so a key is written once: the last attribute of that key wins,
  // and the status tags win over attributes (attributes are few; a scan is cheapest).
  bool first = true;
  auto tag = [&](std::string_view k, std::string_view v) {
    member(out, k, v, first);
    first = false;
  };
  for (std::size_t i = 0; i < s.attributes.size(); ++i) {
    const auto& [k, v] = s.attributes[i];
    bool seen = k == "http.status_code" || (k == "error" && s.error);
    for (std::size_t j = i + 1; j < s.attributes.size() && !seen; ++j) seen = s.attributes[j].first == k;
    if (!seen) tag(k, v);
  }
  char status[24];
  const auto r = std::to_chars(status, status + sizeof status, s.status_code);
  const std::string_view status_text(status, static_cast<std::size_t>(r.ptr - status));
  if (s.status_code != 0) tag("http.status_code", status_text);
  if (s.error) tag("error", s.status_code != 0 ? status_text : "true");
  out += '}';
  out += '}';
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  core::append_json_escaped(out, text);
  out += '"';
}

void append_otlp_json(std::string& out, const span_data* spans, std::size_t count, std::string_view service_name) {
  out.append("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":");
  append_json_string(out, service_name);
  out.append("}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"portico.gateway\"},\"spans\":[");
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    otlp_span(out, spans[i]);
  }
  out.append("]}]}]}");
}

void append_zipkin_json(std::string& out, const span_data* spans, std::size_t count, std::string_view service_name) {
  out += '[';
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ',';
    zipkin_span(out, spans[i], service_name);
  }
  out += ']';
}

std::string otlp_json(const std::vector<span_data>& spans, std::string_view service_name) {
  std::string out;
  append_otlp_json(out, spans.data(), spans.size(), service_name);
  return out;
}

std::string zipkin_json(const std::vector<span_data>& spans, std::string_view service_name) {
  std::string out;
  append_zipkin_json(out, spans.data(), spans.size(), service_name);
  return out;
}

}  // namespace portico::gateway::patterns
