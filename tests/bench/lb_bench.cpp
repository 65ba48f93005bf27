// ns per choose() for each LB policy over 3, 10 and 100 healthy hosts (the range of a small
// backend to a large one). Hash policies get a fresh well-mixed key per call; the host set's
// outstanding counters are static, so least_request / p2c measure the decision, not contention.
// A second family marks 20% of the hosts unhealthy to show the cost of skipping.
#include "gateway/lb/hash.hpp"
#include "gateway/lb/load_balancer.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

namespace {

using portico::core::lb_algorithm;
using namespace portico::gateway;

std::vector<host_spec> make_hosts(std::size_t n) {
  std::vector<host_spec> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back({"10.0.0." + std::to_string(i) + ":8080", 1 + static_cast<std::uint32_t>(i % 3)});
  return v;
}

void run(benchmark::State& state, lb_algorithm algorithm, bool some_down) {
  const auto n = static_cast<std::size_t>(state.range(0));
  host_set hosts(make_hosts(n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < i % 4; ++k) hosts.on_request_start(i);
    if (some_down && i % 5 == 0) hosts.set_healthy(i, false);
  }
  auto lb = make_load_balancer(algorithm, hosts, {.seed = 42});
  std::uint64_t key = 0;
  for (auto _ : state) {
    auto pick = lb->choose({fmix64(++key)});
    benchmark::DoNotOptimize(pick);
  }
  state.SetItemsProcessed(state.iterations());
}

#define PORTICO_LB_BENCH(algo)                                                                          \
  void BM_choose_##algo(benchmark::State& s) { run(s, lb_algorithm::algo, false); }                    \
  void BM_choose_##algo##_20pct_down(benchmark::State& s) { run(s, lb_algorithm::algo, true); }        \
  BENCHMARK(BM_choose_##algo)->Arg(3)->Arg(10)->Arg(100);                                                \
  BENCHMARK(BM_choose_##algo##_20pct_down)->Arg(10)->Arg(100);

PORTICO_LB_BENCH(round_robin)
PORTICO_LB_BENCH(weighted_round_robin)
PORTICO_LB_BENCH(least_request)
PORTICO_LB_BENCH(p2c)
PORTICO_LB_BENCH(random)
PORTICO_LB_BENCH(ring_hash)
PORTICO_LB_BENCH(maglev)

// Rebuild cost of the hash tables after a health flip (paid once per flip per thread).
void BM_rebuild(benchmark::State& state, lb_algorithm algorithm) {
  host_set hosts(make_hosts(static_cast<std::size_t>(state.range(0))));
  auto lb = make_load_balancer(algorithm, hosts, {});
  bool down = false;
  for (auto _ : state) {
    hosts.set_healthy(0, down = !down);
    auto pick = lb->choose({42});
    benchmark::DoNotOptimize(pick);
  }
}
BENCHMARK_CAPTURE(BM_rebuild, ring_hash, lb_algorithm::ring_hash)->Arg(10)->Arg(100)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_rebuild, maglev, lb_algorithm::maglev)->Arg(10)->Arg(100)->Unit(benchmark::kMicrosecond);

}  // namespace
