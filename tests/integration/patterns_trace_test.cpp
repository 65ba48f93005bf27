// W3C trace context through the gateway: continuation of a valid traceparent, a new trace for
// an invalid one, ids continuing across two gateway hops, the sampled flag honoured, child spans
// per aggregation call, and the OTLP / Zipkin files.
#include "tests/integration/patterns_fixture.hpp"

#include "gateway/patterns/trace_context.hpp"

#include <boost/json/parse.hpp>

#include <filesystem>
#include <fstream>

namespace portico::testing {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using gateway::patterns::parse_traceparent;

const std::string tid = "4bf92f3577b34da6a3ce929d0e0e4736";
const std::string pid = "00f067aa0ba902b7";

struct temp_dir {
  temp_dir() : path(fs::temp_directory_path() / ("portico-trace-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++))) {
    fs::create_directories(path);
  }
  ~temp_dir() { fs::remove_all(path); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  fs::path path;
};

std::string hop_yaml(const std::string& name, const fs::path& dir, const std::string& extra_tracing = "") {
  return "name: " + name + "\n"
         "backends:\n"
         "  next: {address: 127.0.0.1:1}\n"
         "gateway:\n"
         "  tracing:\n"
         "    service_name: " + name + "\n"
         "    otlp_file: " + (dir / (name + ".otlp.jsonl")).string() + "\n"
         "    zipkin_file: " + (dir / (name + ".zipkin.jsonl")).string() + "\n" + extra_tracing +
         "  listeners:\n"
         "    - name: public\n"
         "      routes:\n"
         "        - match: {path_prefix: /}\n"
         "          backend: next\n";
}

std::vector<json::object> zipkin_spans(const fs::path& file) {
  std::vector<json::object> out;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    const auto batch = json::parse(line);
    for (const auto& s : batch.as_array()) out.push_back(s.as_object());
  }
  return out;
}

std::string traceparent_seen(const recording_backend& b, std::size_t i = 0) {
  const auto reqs = b.requests();
  if (reqs.size() <= i) return {};
  const auto& head = reqs[i].head;
  const auto at = head.find("traceparent: ");
  if (at == std::string::npos) return {};
  return head.substr(at + 13, head.find("\r\n", at) - at - 13);
}

TEST(PatternsTrace, TraceIdsContinueAcrossTwoGatewayHops) {
  temp_dir dir;
  recording_backend backend;
  {
    patterns_fixture inner(hop_yaml("inner", dir.path), {{"next", {backend.address()}}});
    patterns_fixture outer(hop_yaml("outer", dir.path), {{"next", {"127.0.0.1:" + std::to_string(inner.port())}}});
    const auto r = outer.get("/x", "traceparent: 00-" + tid + "-" + pid + "-01\r\ntracestate: congo=t61rcWkgMzE\r\n");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  const auto seen = parse_traceparent(traceparent_seen(backend));
  ASSERT_TRUE(seen) << backend.requests().at(0).head;
  EXPECT_EQ(seen->trace_id, tid);
  EXPECT_NE(seen->parent_id, pid);
  EXPECT_TRUE(seen->sampled());
  EXPECT_NE(backend.requests().at(0).head.find("tracestate: congo=t61rcWkgMzE\r\n"), std::string::npos);
  EXPECT_EQ(backend.requests().at(0).head.find(pid), std::string::npos);  // the client's traceparent is replaced, not forwarded too

  const auto outer_spans = zipkin_spans(dir.path / "outer.zipkin.jsonl");
  const auto inner_spans = zipkin_spans(dir.path / "inner.zipkin.jsonl");
  ASSERT_EQ(outer_spans.size(), 2u);  // server + forward
  ASSERT_EQ(inner_spans.size(), 2u);
  auto find = [](const std::vector<json::object>& spans, const char* kind) {
    for (const auto& s : spans)
      if (s.at("kind").as_string() == kind) return s;
    return json::object{};
  };
  const auto outer_server = find(outer_spans, "SERVER"), outer_client = find(outer_spans, "CLIENT");
  const auto inner_server = find(inner_spans, "SERVER"), inner_client = find(inner_spans, "CLIENT");
  EXPECT_EQ(outer_server.at("traceId").as_string(), tid);
  EXPECT_EQ(outer_server.at("parentId").as_string(), pid);
  EXPECT_EQ(outer_client.at("parentId").as_string(), outer_server.at("id").as_string());
  EXPECT_EQ(inner_server.at("traceId").as_string(), tid);
  EXPECT_EQ(inner_server.at("parentId").as_string(), outer_client.at("id").as_string());
  EXPECT_EQ(inner_client.at("id").as_string(), seen->parent_id);

  std::ifstream otlp(dir.path / "outer.otlp.jsonl");
  std::string line;
  ASSERT_TRUE(std::getline(otlp, line));
  const auto doc = json::parse(line);
  const auto& spans = doc.at("resourceSpans").at(0).at("scopeSpans").at(0).at("spans").as_array();
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].at("traceId").as_string(), tid);
  EXPECT_EQ(spans[0].at("kind").as_int64(), 2);
  EXPECT_EQ(doc.at("resourceSpans").at(0).at("resource").at("attributes").at(0).at("value").at("stringValue").as_string(), "outer");
}

TEST(PatternsTrace, InvalidTraceparentStartsANewTraceAndDropsTracestate) {
  temp_dir dir;
  recording_backend backend;
  {
    patterns_fixture gw(hop_yaml("gw", dir.path), {{"next", {backend.address()}}});
    gw.get("/x", "traceparent: 00-" + tid + "-0000000000000000-01\r\ntracestate: congo=x\r\n");
  }
  const auto seen = parse_traceparent(traceparent_seen(backend));
  ASSERT_TRUE(seen);
  EXPECT_NE(seen->trace_id, tid);
  EXPECT_EQ(backend.requests().at(0).head.find("congo"), std::string::npos);
  const auto spans = zipkin_spans(dir.path / "gw.zipkin.jsonl");
  ASSERT_EQ(spans.size(), 2u);  // sample_ratio 1: the new trace is sampled
  EXPECT_EQ(spans[0].count("parentId"), 0u);
}

TEST(PatternsTrace, UnsampledRequestsArePropagatedButNotRecorded) {
  temp_dir dir;
  recording_backend backend;
  {
    patterns_fixture gw(hop_yaml("gw", dir.path, "    b3: true\n"), {{"next", {backend.address()}}});
    gw.get("/x", "traceparent: 00-" + tid + "-" + pid + "-00\r\n");
  }
  const auto seen = parse_traceparent(traceparent_seen(backend));
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->trace_id, tid);
  EXPECT_FALSE(seen->sampled());
  EXPECT_NE(backend.requests().at(0).head.find("b3: " + tid + "-" + seen->parent_id + "-0-"), std::string::npos);
  EXPECT_TRUE(zipkin_spans(dir.path / "gw.zipkin.jsonl").empty());
}

TEST(PatternsTrace, EachAggregationCallIsAChildSpan) {
  temp_dir dir;
  recording_backend a, b;
  {
    const std::string yaml =
        "name: agg\n"
        "backends:\n"
        "  a: {address: 127.0.0.1:1}\n"
        "  b: {address: 127.0.0.1:1}\n"
        "gateway:\n"
        "  tracing: {zipkin_file: " + (dir.path / "agg.zipkin.jsonl").string() + "}\n"
        "  listeners:\n"
        "    - routes:\n"
        "        - match: {path: /both}\n"
        "          aggregate: {one: {backend: a, path: /1}, two: {backend: b, path: /2}}\n";
    patterns_fixture gw(yaml, {{"a", {a.address()}}, {"b", {b.address()}}});
    const auto r = gw.get("/both", "traceparent: 00-" + tid + "-" + pid + "-01\r\n");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << r->body;
  }
  const auto pa = parse_traceparent(traceparent_seen(a)), pb = parse_traceparent(traceparent_seen(b));
  ASSERT_TRUE(pa && pb);
  EXPECT_EQ(pa->trace_id, tid);
  EXPECT_EQ(pb->trace_id, tid);
  EXPECT_NE(pa->parent_id, pb->parent_id);
  const auto spans = zipkin_spans(dir.path / "agg.zipkin.jsonl");
  ASSERT_EQ(spans.size(), 3u);  // server + two calls
  std::string server_id;
  for (const auto& s : spans)
    if (s.at("kind").as_string() == "SERVER") server_id = s.at("id").as_string().c_str();
  int children = 0;
  for (const auto& s : spans)
    if (s.at("kind").as_string() == "CLIENT") {
      EXPECT_EQ(s.at("parentId").as_string(), server_id);
      const std::string id = s.at("id").as_string().c_str();
      EXPECT_TRUE(id == pa->parent_id || id == pb->parent_id);
      ++children;
    }
  EXPECT_EQ(children, 2);
}

}  // namespace
}  // namespace portico::testing
