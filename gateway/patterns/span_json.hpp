#pragma once
// Finished spans and their two export encodings:
//   OTLP/HTTP JSON — an ExportTraceServiceRequest (resourceSpans/scopeSpans/spans; ids as
//     lowercase hex, times as decimal strings of Unix nanoseconds, kind 2 = SERVER, 3 = CLIENT,
//     status code 2 = ERROR), the body an OTLP/HTTP collector accepts at /v1/traces;
//   Zipkin v2 JSON — a span list (timestamp/duration in microseconds), the body of POST
//     /api/v2/spans.
// The encoders write JSON text directly (no DOM): they run once per exported batch on the
// export thread, and building a boost::json tree first cost several times as much (see
// tests/bench/span_json_bench.cpp). Pure functions; thread-safe.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace portico::gateway::patterns {

struct span_data {
  std::string trace_id, span_id, parent_id;  // parent empty for a root span
  std::string name;
  enum class kind : std::uint8_t { server, client } what = kind::server;
  std::int64_t start_unix_ns = 0, end_unix_ns = 0;
  bool error = false;
  std::string tracestate;
  // String-valued attributes. Keys are string literals (static storage): attribute names are
  // fixed by the semantic conventions, so a span does not allocate for them.
  std::vector<std::pair<std::string_view, std::string>> attributes;
  std::int64_t status_code = 0;  // http.response.status_code; 0 = none
};

// Append one document holding `spans` to `out`.
void append_otlp_json(std::string& out, const span_data* spans, std::size_t count, std::string_view service_name);
void append_zipkin_json(std::string& out, const span_data* spans, std::size_t count, std::string_view service_name);

std::string otlp_json(const std::vector<span_data>& spans, std::string_view service_name);
std::string zipkin_json(const std::vector<span_data>& spans, std::string_view service_name);

// `text` as a JSON string literal (quotes included), appended to `out` (core/util/json_escape.hpp).
void append_json_string(std::string& out, std::string_view text);

}  // namespace portico::gateway::patterns
