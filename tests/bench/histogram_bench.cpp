// histogram::record is on every response's path in the load generator (and the gateway's
// per-route latency), so it must stay a few ns. Covers: in-range records of latency-like values
// (default 1 ns .. 1 h, 3 digits), spread over many buckets so the counts array is not one hot
// line; the interval recorder's per-thread path; and the off-path costs (percentile, encode).
// Target: <= 5 ns per histogram::record on the release preset.
#include "core/stats/histogram.hpp"
#include "core/stats/interval_recorder.hpp"

#include <benchmark/benchmark.h>

#include <random>
#include <vector>

namespace {

using portico::core::histogram;

std::vector<std::int64_t> latency_values(std::size_t n) {
  std::mt19937_64 rng(1);
  std::lognormal_distribution<double> ns(std::log(2e6), 1.5);  // ~2 ms median, long tail
  std::vector<std::int64_t> out(n);
  for (auto& v : out) v = static_cast<std::int64_t>(ns(rng));
  return out;
}

void BM_HistogramRecord(benchmark::State& state) {
  const auto values = latency_values(4096);
  histogram h;
  std::size_t i = 0;
  for (auto _ : state) {
    h.record(values[i++ & 4095]);
  }
  benchmark::DoNotOptimize(h.count());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HistogramRecord);

void BM_HistogramRecordSameValue(benchmark::State& state) {
  histogram h;
  std::int64_t v = 1'234'567;
  for (auto _ : state) {
    benchmark::DoNotOptimize(v);
    h.record(v);
  }
  benchmark::DoNotOptimize(h.count());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HistogramRecordSameValue);

void BM_IntervalRecorderRecord(benchmark::State& state) {
  static portico::core::interval_recorder recorder;
  const auto values = latency_values(4096);
  std::size_t i = 0;
  for (auto _ : state) recorder.record(values[i++ & 4095]);
  if (state.thread_index() == 0) benchmark::DoNotOptimize(recorder.take_interval().count());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IntervalRecorderRecord)->Threads(1)->Threads(2);

void BM_ValueAtPercentile(benchmark::State& state) {
  histogram h;
  for (const auto v : latency_values(100'000)) h.record(v);
  for (auto _ : state) benchmark::DoNotOptimize(h.value_at_percentile(99.9));
}
BENCHMARK(BM_ValueAtPercentile);

void BM_EncodeCompressedBase64(benchmark::State& state) {
  histogram h;
  for (const auto v : latency_values(100'000)) h.record(v);
  for (auto _ : state) benchmark::DoNotOptimize(h.encode_v2_compressed_base64());
}
BENCHMARK(BM_EncodeCompressedBase64);

}  // namespace
