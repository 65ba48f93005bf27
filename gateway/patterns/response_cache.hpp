#pragma once
// A bounded LRU store of GET responses with freshness, and the shared-cache storage rules of
// RFC 9111 that decide whether and how long an answer may be kept.
//
// Thread-safety: response_cache is shared by all proxy threads; every method takes its mutex
// (one short critical section per lookup/insert). freshness_lifetime() is pure.
#include "core/time/clock.hpp"

#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace portico::gateway::patterns {

struct cached_response {
  int status = 200;
  std::string content_type;
  std::string body;
  core::time_point stored{};   // when it was received: Age = now - stored
  core::time_point expires{};  // fresh while now < expires
};

// How long a shared cache may serve an answer (RFC 9111 §3, §4.2.1): nullopt when it must not be
// stored (no-store, private, no-cache, a status that is not cacheable by default, or a zero
// lifetime); s-maxage wins over max-age, which wins over `default_ttl`.
std::optional<core::nanos> freshness_lifetime(std::string_view cache_control, int status, core::nanos default_ttl);

class response_cache {
 public:
  struct stats {
    std::size_t entries = 0, bytes = 0;
    std::uint64_t evictions = 0;
  };

  response_cache(std::size_t max_entries, std::size_t max_bytes);

  // A fresh entry (most recently used after this); a stale one is removed.
  std::optional<cached_response> get(const std::string& key, core::time_point now);
  // Inserts or replaces; evicts least recently used entries beyond the bounds. False (and nothing
  // stored) when this one entry alone exceeds max_bytes.
  bool put(const std::string& key, cached_response r);
  stats current() const;

 private:
  using lru_list = std::list<std::pair<std::string, cached_response>>;
  static std::size_t cost(const std::string& key, const cached_response& r) noexcept {
    return key.size() + r.body.size() + r.content_type.size() + 64;
  }
  void erase(lru_list::iterator it);

  std::size_t max_entries_, max_bytes_;
  mutable std::mutex mutex_;
  lru_list lru_;  // front = most recently used
  std::unordered_map<std::string_view, lru_list::iterator> index_;  // keys view lru_ nodes
  std::size_t bytes_ = 0;
  std::uint64_t evictions_ = 0;
};

}  // namespace portico::gateway::patterns
