#include "gateway/patterns/span_export.hpp"

#include "tests/support/scratch_files.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <thread>

namespace portico::gateway::patterns {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

std::vector<span_data> request_spans(int thread, int request) {
  span_data server;
  server.trace_id = std::string(24, '0') + std::to_string(10'000'000 + thread * 100'000 + request);
  server.span_id = "00000000000000a1";
  span_data client = server;
  client.span_id = "00000000000000b2";
  client.parent_id = server.span_id;
  client.what = span_data::kind::client;
  return {server, client};
}

// Every span of every Zipkin line; `largest` is the biggest batch seen.
std::vector<json::object> read_zipkin(const std::filesystem::path& file, std::size_t& largest) {
  std::vector<json::object> out;
  largest = 0;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    const auto batch = json::parse(line).as_array();
    largest = std::max(largest, batch.size());
    for (const auto& s : batch) out.push_back(s.as_object());
  }
  return out;
}

TEST(SpanExporter, WritesEverySpanFromEveryThreadInBoundedBatches) {
  const auto dir = testing::scratch_directory("span-export-threads");
  span_export_config c;
  c.zipkin_file = (dir / "z.jsonl").string();
  c.otlp_file = (dir / "o.jsonl").string();
  c.max_batch = 64;
  c.threads = 4;
  {
    span_exporter exporter(c);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&exporter, t] {
        for (int r = 0; r < 1000; ++r) {
          auto spans = request_spans(t, r);
          EXPECT_TRUE(exporter.add(t, spans));
          EXPECT_TRUE(spans.empty());
        }
      });
    for (auto& t : threads) t.join();
    exporter.flush();
    const auto n = exporter.counters();
    EXPECT_EQ(n.exported, 8000u);
    EXPECT_EQ(n.dropped, 0u);
    EXPECT_EQ(n.failures, 0u);
  }
  std::size_t largest = 0;
  const auto spans = read_zipkin(dir / "z.jsonl", largest);
  ASSERT_EQ(spans.size(), 8000u);
  EXPECT_LE(largest, 64u);
  std::set<std::string> traces;
  for (const auto& s : spans) traces.insert(std::string(s.at("traceId").as_string()));
  EXPECT_EQ(traces.size(), 4000u);
  std::ifstream otlp(dir / "o.jsonl");
  std::size_t otlp_spans = 0;
  for (std::string line; std::getline(otlp, line);)
    otlp_spans += json::parse(line).at("resourceSpans").at(0).at("scopeSpans").at(0).at("spans").as_array().size();
  EXPECT_EQ(otlp_spans, 8000u);
  std::filesystem::remove_all(dir);
}

TEST(SpanExporter, DropsAndCountsTheSpansOfARequestThatDoNotFitItsThreadsBuffer) {
  const auto dir = testing::scratch_directory("span-export-drops");
  span_export_config c;
  c.zipkin_file = (dir / "z.jsonl").string();
  c.max_batch = 1000;   // never a full batch, and
  c.max_delay = 1h;     // never a timed drain: the buffer only empties on flush()
  c.max_queue = 10;
  c.threads = 1;
  span_exporter exporter(c);
  for (int r = 0; r < 5; ++r) {
    auto spans = request_spans(0, r);
    EXPECT_TRUE(exporter.add(0, spans));
  }
  auto sixth = request_spans(0, 5);
  EXPECT_FALSE(exporter.add(0, sixth));
  EXPECT_EQ(exporter.counters().dropped, 2u);
  EXPECT_EQ(exporter.counters().exported, 0u);
  exporter.flush();
  EXPECT_EQ(exporter.counters().exported, 10u);
  auto again = request_spans(0, 6);  // room again once drained
  EXPECT_TRUE(exporter.add(0, again));
  std::filesystem::remove_all(dir);
}

TEST(SpanExporter, CountsEveryFailedPostAndLogsEachKindOnce) {
  span_export_config c;
  c.otlp_endpoint = "http://127.0.0.1:1/v1/traces";  // nothing listens on port 1
  c.timeout = 2s;
  span_exporter exporter(c);
  ::testing::internal::CaptureStderr();
  for (int round = 0; round < 2; ++round) {
    auto spans = request_spans(0, round);
    exporter.add(0, spans);
    exporter.flush();
  }
  const auto log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(exporter.counters().failures, 2u);
  EXPECT_EQ(exporter.counters().exported, 4u);
  const auto first = log.find("span export to http://127.0.0.1:1/v1/traces failed: connect");
  EXPECT_NE(first, std::string::npos) << log;
  EXPECT_EQ(log.find("span export to", first + 1), std::string::npos) << log;  // the second failure is only counted
}

TEST(SpanExporter, RefusesUrlsItCannotPostTo) {
  span_export_config c;
  c.zipkin_endpoint = "http://collector.example:9411/api/v2/spans";
  EXPECT_THROW(span_exporter{c}, std::invalid_argument);
  c.zipkin_endpoint = "https://127.0.0.1:9411/api/v2/spans";
  EXPECT_THROW(span_exporter{c}, std::invalid_argument);
}

}  // namespace
}  // namespace portico::gateway::patterns
