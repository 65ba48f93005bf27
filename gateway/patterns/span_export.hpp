#pragma once
// Finished spans and their two export formats, written as one JSON document per line:
//   OTLP/HTTP JSON — an ExportTraceServiceRequest (resourceSpans/scopeSpans/spans; ids as
//     lowercase hex, times as decimal strings of Unix nanoseconds, kind 2 = SERVER, 3 = CLIENT,
//     status code 2 = ERROR), the body an OTLP/HTTP collector accepts at /v1/traces;
//   Zipkin v2 JSON — a span list (timestamp/duration in microseconds), the body of POST
//     /api/v2/spans.
// span_exporter buffers spans and appends a batch to the files every `batch` spans and when
// destroyed. Thread-safety: add() from any thread (one mutex); the formatters are pure.
#include <cstdint>
#include <fstream>
#include <mutex>
#include <string>
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
  std::vector<std::pair<std::string, std::string>> attributes;  // string values
  std::int64_t status_code = 0;  // http.response.status_code; 0 = none
};

std::string otlp_json(const std::vector<span_data>& spans, const std::string& service_name);
std::string zipkin_json(const std::vector<span_data>& spans, const std::string& service_name);

struct span_export_config {
  std::string service_name = "portico-gateway";
  std::string otlp_file, zipkin_file;  // empty: that format is not written
  std::size_t batch = 256;
};

class span_exporter {
 public:
  explicit span_exporter(span_export_config config);  // throws std::runtime_error when a file cannot be opened
  ~span_exporter();
  span_exporter(const span_exporter&) = delete;
  span_exporter& operator=(const span_exporter&) = delete;

  void add(std::vector<span_data> spans);
  void flush();
  std::uint64_t exported() const;

 private:
  void write_locked();

  span_export_config config_;
  mutable std::mutex mutex_;
  std::vector<span_data> pending_;
  std::ofstream otlp_, zipkin_;
  std::uint64_t exported_ = 0;
};

}  // namespace portico::gateway::patterns
