#pragma once
// Response cache for GET (and HEAD) on a route with `cache:` (gateway offloading). Key: method,
// rewritten path and query, and the values of the configured `key_headers`. A hit answers from
// the cache with `Age` (RFC 9111 §5.1) and `X-Cache: HIT`; a miss fetches from the route's backend
// through the patterns' own client (round robin, the route's timeout; no retries), answers with
// `X-Cache: MISS`, and stores the answer when freshness_lifetime() allows. A request with
// `Cache-Control: no-cache`/`no-store` bypasses the lookup (forwarded normally). Other methods
// are forwarded untouched. Only status, Content-Type and body are kept (other backend fields are
// not replayed); concurrent misses for one key are not coalesced. With `shape:` on the route,
// the answer is shaped before it is stored.
//
// Thread-safety: const after construction; the store and counters are synchronised.
#include "core/config/gateway_config.hpp"
#include "gateway/patterns/backend_client.hpp"
#include "gateway/patterns/response_cache.hpp"
#include "gateway/pipeline/stage_factory.hpp"

#include <atomic>
#include <cstdint>
#include <memory>

namespace portico::gateway::patterns {

struct cache_counters {
  std::uint64_t hits = 0, misses = 0, stores = 0, uncacheable = 0, bypassed = 0, evictions = 0, entries = 0, bytes = 0;
};

class cache_stage final : public stage {
 public:
  cache_stage(const core::route_config& route, std::shared_ptr<const backend_client> client);

  std::string_view name() const noexcept override { return "cache"; }
  stage_result on_request(request_context& ctx) const override;
  cache_counters counters() const;

 private:
  std::string key_of(const request_context& ctx) const;

  core::cache_config config_;
  core::response_shape_config shape_;  // applied before storing (a cached BFF route)
  std::shared_ptr<const backend_client> client_;
  mutable response_cache store_;
  mutable std::atomic<std::uint64_t> hits_{0}, misses_{0}, stores_{0}, uncacheable_{0}, bypassed_{0};
};

std::unique_ptr<stage> make_cache_stage(const stage_build_context& b);

}  // namespace portico::gateway::patterns
