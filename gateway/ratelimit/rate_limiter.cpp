#include "gateway/ratelimit/rate_limiter.hpp"

#include "gateway/ratelimit/discrete_bucket.hpp"
#include "gateway/ratelimit/fixed_window.hpp"
#include "gateway/ratelimit/gcra.hpp"
#include "gateway/ratelimit/local_store.hpp"
#include "gateway/ratelimit/sliding_counter.hpp"
#include "gateway/ratelimit/sliding_log.hpp"

namespace portico::gateway {
namespace {

template <class Algorithm>
class local_limiter final : public local_rate_limiter {
 public:
  local_limiter(const limiter_params& p, Algorithm algorithm, const core::clock& clock, std::uint64_t max_keys)
      : params_(p), algorithm_(std::move(algorithm)), clock_(clock), store_(max_keys) {}

  decision decide(std::string_view key, std::int64_t cost) override {
    // The clock is read under the key's lock, so decisions on a key see non-decreasing times.
    return store_.with(key, [&](typename Algorithm::state& s, limiter_counts& tally) {
      const decision d = algorithm_.decide(s, clock_.now(), cost);
      tally.record(d);
      return d;
    });
  }
  limiter_counts counters() const override { return store_.total(); }
  const limiter_params& params() const noexcept override { return params_; }
  std::size_t keys() override { return store_.size(); }

 private:
  limiter_params params_;
  Algorithm algorithm_;
  const core::clock& clock_;
  mutable local_store<typename Algorithm::state, limiter_counts> store_;  // mutable: total() takes shard locks
};

template <class Algorithm>
std::unique_ptr<local_rate_limiter> make(const limiter_params& p, Algorithm a, const core::clock& clock, std::uint64_t max_keys) {
  return std::make_unique<local_limiter<Algorithm>>(p, std::move(a), clock, max_keys);
}

}  // namespace

std::unique_ptr<local_rate_limiter> make_local_limiter(const core::rate_limit_config& config, const core::clock& clock) {
  using algo = core::rate_limit_config::algorithm;
  const limiter_params p = make_params(config);
  const std::uint64_t max_keys = config.max_keys > 0 ? config.max_keys : 1;
  switch (p.algo) {
    case algo::fixed_window:
      return make(p, fixed_window(p), clock, max_keys);
    case algo::sliding_window:
      if (config.sliding == core::rate_limit_config::sliding_variant::log) return make(p, sliding_log(p), clock, max_keys);
      return make(p, sliding_counter(p), clock, max_keys);
    case algo::token_bucket:
      if (p.fill_every_ns > 0) return make(p, discrete_bucket(p), clock, max_keys);
      [[fallthrough]];
    case algo::leaky_bucket:
      // GCRA times are kept relative to the limiter's start, so scaled times stay far from 2^63.
      return make(p, gcra(p, clock.now().since_epoch.count()), clock, max_keys);
  }
  throw std::invalid_argument("unknown rate-limit algorithm");
}

}  // namespace portico::gateway
