#pragma once
// OAuth 2 token introspection (RFC 7662), the decision part: reading an introspection response
// and remembering answers. The cache is keyed by a SHA-256 of the token (tokens are not kept),
// bounded in entries (the oldest-inserted half is dropped when full) and in time: an answer lives
// for cache_ttl, never past the token's own exp. Inactive answers are cached too, so a replayed
// bad token costs one call per TTL. Thread-safe (one mutex; held for a hash-map operation).
#include "core/time/clock.hpp"

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace portico::gateway {

struct introspection_result {
  bool active = false;
  std::string subject;    // sub
  std::string client;     // client_id
  std::vector<std::string> scopes;
  std::optional<std::int64_t> exp;  // Unix seconds, when the server gave one
};

// Parses the JSON body of a 200 answer; nullopt when it is not an object with a boolean "active".
std::optional<introspection_result> parse_introspection(std::string_view body);

class introspection_cache {
 public:
  introspection_cache(core::nanos ttl, std::size_t capacity) : ttl_(ttl), capacity_(capacity) {}

  // unix_now_s: to cap the lifetime at the token's exp.
  std::optional<introspection_result> find(std::string_view token, core::time_point now);
  void store(std::string_view token, const introspection_result& result, core::time_point now, std::int64_t unix_now_s);
  std::size_t size();

 private:
  struct entry {
    introspection_result result;
    core::time_point expires;
  };
  core::nanos ttl_;
  std::size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, entry> entries_;
  std::deque<std::string> order_;  // insertion order, for eviction
};

}  // namespace portico::gateway
