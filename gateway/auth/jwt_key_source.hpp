#pragma once
// An issuer's current verification keys: its secret and PEM key (fixed), plus a JWKS from a file
// or a URL, kept current by jwks_schedule: re-fetched every jwks_refresh (sooner if the answer's
// Cache-Control max-age says so), after a failure every jwks_min_refresh, and when a token names a
// kid the set lacks (at most once per jwks_min_refresh). A file is re-read on the calling thread
// before keys() returns; a URL is fetched in the background while requests go on with the
// current set (a request with an unknown kid may wait for that fetch: when_refreshed). A failed
// or unusable fetch (HTTP error, timeout, bad JSON, no usable key) keeps the last good set, counts
// a failure and logs one line.
//
// Start-up: the JWKS is fetched once in the constructor, which waits for it (up to jwks_timeout)
// and throws std::invalid_argument if it fails: a gateway that cannot verify any token is a
// configuration error, reported at start (or reload, which then keeps the running generation).
//
// Thread-safe. The hot path (keys() while no refresh is due) is one relaxed atomic load and one
// atomic shared_ptr load: no mutex. The set is immutable and swapped whole.
#include "core/config/policy_config.hpp"
#include "core/time/clock.hpp"
#include "gateway/auth/jwks_fetcher.hpp"
#include "gateway/auth/jwks_schedule.hpp"
#include "gateway/auth/jwt_keys.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace portico::gateway {

struct jwks_counters {
  std::uint64_t fetches = 0;              // fetches that replaced the set (start-up's included)
  std::uint64_t fetch_failures = 0;       // fetches that kept the last good set
  std::uint64_t unknown_kid_fetches = 0;  // fetches started by a token with an unknown kid
};

class jwt_key_source {
 public:
  // fetcher: nullptr = from config (jwks_url, else jwks_file, else none); tests pass a fake.
  jwt_key_source(const core::jwt_issuer_config& config, const core::clock& clock,
                 std::unique_ptr<jwks_fetcher> fetcher = nullptr);
  ~jwt_key_source();

  // The current set; starts a scheduled refresh when one is due.
  std::shared_ptr<const jwt_key_set> keys(core::time_point now);
  // Changes whenever the set is replaced. Read it before keys(): a result verified with the set
  // then returned is labelled with this generation or an older one, never a newer one, so a cache
  // that compares generations re-verifies after a rotation instead of trusting a retired key.
  std::uint64_t generation() const noexcept { return generation_.load(std::memory_order_acquire); }
  // generation(), after starting a scheduled refresh when one is due (as keys() does): what a
  // cached verification calls so the refresh schedule keeps running while every token hits.
  std::uint64_t generation(core::time_point now);
  // A token named a kid the set lacks: starts a refresh if the rate limit allows.
  std::shared_ptr<const jwt_key_set> keys_after_miss(core::time_point now);
  // While a fetch is in flight: queue fn to run once it has finished (on the fetching thread)
  // and return true. Otherwise false (fn is not called).
  bool when_refreshed(std::function<void()> fn);

  bool fetches_keys() const noexcept { return fetcher_ != nullptr; }
  jwks_counters counters() const;

 private:
  void refresh_if_due(core::time_point now);
  void start_fetch();
  void finish(jwks_document document);
  std::shared_ptr<const jwt_key_set> with_fixed_keys(jwt_key_set fetched) const;
  void publish_next_due_locked();

  const core::clock& clock_;
  std::string issuer_;
  jwt_key_set fixed_;  // secret, PEM key
  std::atomic<std::shared_ptr<const jwt_key_set>> current_;
  std::atomic<std::int64_t> next_due_ns_{0};  // mirror of schedule_.next_due() for the hot path
  std::atomic<std::uint64_t> generation_{0};  // bumped after each store to current_

  mutable std::mutex mutex_;  // guards schedule_, waiters_, counters_
  jwks_schedule schedule_;
  std::vector<std::function<void()>> waiters_;
  jwks_counters counters_;
  // Last: destroyed first, so a fetch finishing on the fetcher's thread never sees the rest gone.
  std::unique_ptr<jwks_fetcher> fetcher_;
};

}  // namespace portico::gateway
