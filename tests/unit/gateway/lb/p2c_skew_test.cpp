// "P2C beats random under skew": a small discrete-event simulation on a manual clock. Requests
// arrive as a Poisson process; each host is a single FIFO server with exponential service times,
// and one host is 4x slower. Random keeps sending it 1/N of the traffic (more than it can serve,
// so its queue grows without bound); P2C and least-request see its outstanding count and steer
// away. We compare mean latency and the peak outstanding count.
#include "core/time/clock.hpp"
#include "core/util/split_mix64.hpp"

#include "lb_test_util.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <queue>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
using core::lb_algorithm;

struct sim_result {
  double mean_latency_ms = 0;
  std::int64_t max_outstanding = 0;
};

sim_result simulate(lb_algorithm algorithm, std::uint64_t seed) {
  constexpr int requests = 20000;
  const std::vector<double> service_mean_ms = {1, 1, 1, 1, 4};  // capacity 4.25 req/ms
  constexpr double arrivals_per_ms = 3.0;                       // random sends 0.6/ms to a 0.25/ms host

  host_set hs(test::hosts(service_mean_ms.size()));
  auto lb = make_load_balancer(algorithm, hs, {.seed = seed});
  core::manual_clock clock;
  portico::core::split_mix64 rng(seed * 7919);
  const auto exp_ms = [&](double mean) { return -mean * std::log(1.0 - rng.unit()); };
  const auto ms = [](double v) { return std::chrono::nanoseconds(static_cast<std::int64_t>(v * 1e6)); };

  using completion = std::pair<core::time_point, std::size_t>;
  std::priority_queue<completion, std::vector<completion>, std::greater<>> completions;
  std::vector<core::time_point> free_at(service_mean_ms.size());
  sim_result r;
  double total_latency_ms = 0;
  for (int i = 0; i < requests; ++i) {
    clock.advance(ms(exp_ms(1.0 / arrivals_per_ms)));
    const auto now = clock.now();
    while (!completions.empty() && completions.top().first <= now) {
      hs.on_request_end(completions.top().second);
      completions.pop();
    }
    const auto host = *lb->choose({});
    hs.on_request_start(host);
    r.max_outstanding = std::max(r.max_outstanding, hs.outstanding(host));
    const auto start = std::max(now, free_at[host]);
    free_at[host] = start + ms(exp_ms(service_mean_ms[host]));
    completions.emplace(free_at[host], host);
    total_latency_ms += std::chrono::duration<double, std::milli>(free_at[host] - now).count();
  }
  r.mean_latency_ms = total_latency_ms / requests;
  return r;
}

TEST(P2cUnderSkew, BeatsRandomOnLatencyAndQueueDepth) {
  for (std::uint64_t seed : {1, 2, 3}) {
    const auto random = simulate(lb_algorithm::random, seed);
    const auto p2c = simulate(lb_algorithm::p2c, seed);
    const auto least = simulate(lb_algorithm::least_request, seed);
    EXPECT_LT(p2c.mean_latency_ms * 5, random.mean_latency_ms) << "seed " << seed;
    EXPECT_LT(p2c.max_outstanding * 5, random.max_outstanding) << "seed " << seed;
    EXPECT_LT(least.mean_latency_ms * 5, random.mean_latency_ms) << "seed " << seed;
    RecordProperty("seed" + std::to_string(seed) + "_random_mean_ms", std::to_string(random.mean_latency_ms));
    RecordProperty("seed" + std::to_string(seed) + "_p2c_mean_ms", std::to_string(p2c.mean_latency_ms));
  }
}

TEST(P2cUnderSkew, RoundRobinAlsoOverloadsTheSlowHost) {
  const auto rr = simulate(lb_algorithm::round_robin, 1);
  const auto p2c = simulate(lb_algorithm::p2c, 1);
  EXPECT_LT(p2c.mean_latency_ms * 5, rr.mean_latency_ms);
}

}  // namespace
}  // namespace portico::gateway
