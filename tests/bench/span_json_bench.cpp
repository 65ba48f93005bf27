// Cost of encoding one request's spans for export, per span: the direct JSON writer the exporter
// uses (span_json.hpp) against building the same document as a boost::json DOM and serialising
// it (what span_export.cpp did before). Batches of 2 spans (a proxied request: server + forward)
// and 512 (the default batch_size), both formats. This runs on the export thread, so it bounds
// how many spans per second one export thread can keep up with.
#include "gateway/patterns/span_json.hpp"

#include <benchmark/benchmark.h>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace {

using namespace portico::gateway::patterns;
namespace json = boost::json;

std::vector<span_data> batch(std::size_t n) {
  std::vector<span_data> out;
  for (std::size_t i = 0; i < n; ++i) {
    span_data s;
    s.trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    s.span_id = "00f067aa0ba902b7";
    s.name = i % 2 ? "forward users" : "GET public#0";
    if (i % 2) {
      s.what = span_data::kind::client;
      s.parent_id = "00f067aa0ba902b7";
      s.attributes = {{"portico.backend", "users"}, {"portico.attempts", "1"}};
    } else {
      s.attributes = {{"http.request.method", "GET"}, {"url.path", "/users/123"}, {"portico.listener", "public"},
                      {"portico.request_id", "c0ffee00-0000-4000-8000-000000000001"}, {"http.route", "public#0"}};
    }
    s.start_unix_ns = 1'700'000'000'000'000'000 + static_cast<std::int64_t>(i) * 1000;
    s.end_unix_ns = s.start_unix_ns + 250'000;
    s.status_code = 200;
    out.push_back(std::move(s));
  }
  return out;
}

// The reference: the DOM the exporter built before the direct writer.
std::string otlp_dom(const std::vector<span_data>& spans, const std::string& service_name) {
  json::array out_spans;
  for (const auto& s : spans) {
    json::array attributes;
    for (const auto& [k, v] : s.attributes) attributes.push_back({{"key", k}, {"value", {{"stringValue", v}}}});
    if (s.status_code != 0)
      attributes.push_back({{"key", "http.response.status_code"}, {"value", {{"intValue", std::to_string(s.status_code)}}}});
    json::object span{{"traceId", s.trace_id}, {"spanId", s.span_id}, {"name", s.name},
                      {"kind", s.what == span_data::kind::server ? 2 : 3},
                      {"startTimeUnixNano", std::to_string(s.start_unix_ns)}, {"endTimeUnixNano", std::to_string(s.end_unix_ns)},
                      {"attributes", std::move(attributes)}, {"status", {{"code", s.error ? 2 : 0}}}};
    if (!s.parent_id.empty()) span["parentSpanId"] = s.parent_id;
    out_spans.push_back(std::move(span));
  }
  json::object resource{{"attributes", json::array{{{"key", "service.name"}, {"value", {{"stringValue", service_name}}}}}}};
  json::object scope_spans{{"scope", {{"name", "portico.gateway"}}}, {"spans", std::move(out_spans)}};
  json::object doc{{"resourceSpans", json::array{{{"resource", std::move(resource)}, {"scopeSpans", json::array{std::move(scope_spans)}}}}}};
  return json::serialize(doc);
}

std::string zipkin_dom(const std::vector<span_data>& spans, const std::string& service_name) {
  json::array out;
  for (const auto& s : spans) {
    json::object tags;
    for (const auto& [k, v] : s.attributes) tags[k] = v;
    if (s.status_code != 0) tags["http.status_code"] = std::to_string(s.status_code);
    json::object span{{"traceId", s.trace_id}, {"id", s.span_id}, {"name", s.name},
                      {"kind", s.what == span_data::kind::server ? "SERVER" : "CLIENT"}, {"timestamp", s.start_unix_ns / 1000},
                      {"duration", std::max<std::int64_t>(1, (s.end_unix_ns - s.start_unix_ns) / 1000)},
                      {"localEndpoint", {{"serviceName", service_name}}}, {"tags", std::move(tags)}};
    if (!s.parent_id.empty()) span["parentId"] = s.parent_id;
    out.push_back(std::move(span));
  }
  return json::serialize(out);
}

template <class Encode>
void run(benchmark::State& state, Encode encode) {
  const auto spans = batch(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(encode(spans));
  state.SetItemsProcessed(state.iterations() * state.range(0));  // items = spans
}

void BM_OtlpDirect(benchmark::State& state) {
  std::string out;
  run(state, [&](const auto& spans) {
    out.clear();
    append_otlp_json(out, spans.data(), spans.size(), "portico-gateway");
    return out.size();
  });
}
void BM_OtlpDom(benchmark::State& state) {
  run(state, [](const auto& spans) { return otlp_dom(spans, "portico-gateway").size(); });
}
void BM_ZipkinDirect(benchmark::State& state) {
  std::string out;
  run(state, [&](const auto& spans) {
    out.clear();
    append_zipkin_json(out, spans.data(), spans.size(), "portico-gateway");
    return out.size();
  });
}
void BM_ZipkinDom(benchmark::State& state) {
  run(state, [](const auto& spans) { return zipkin_dom(spans, "portico-gateway").size(); });
}

BENCHMARK(BM_OtlpDirect)->Arg(2)->Arg(512);
BENCHMARK(BM_OtlpDom)->Arg(2)->Arg(512);
BENCHMARK(BM_ZipkinDirect)->Arg(2)->Arg(512);
BENCHMARK(BM_ZipkinDom)->Arg(2)->Arg(512);

}  // namespace
