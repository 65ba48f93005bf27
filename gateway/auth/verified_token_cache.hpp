#pragma once
// A bounded per-thread cache of verified bearer tokens. A client reuses one JWT for many requests
// (minutes, typically), so without it every request pays the signature check, two base64url
// decodes and two JSON parses again; with it a repeat costs one hash and one comparison.
// - Key: the exact token bytes. A lookup hashes the token, then compares the stored token with
//   core::constant_time_equal: a token differing anywhere (one bit) is a miss, and the time
//   a miss takes says nothing about how much of a cached token it matched. Only tokens that
//   verified are ever stored, so a client cannot fill the cache with junk.
// - Only what does not change with time is cached: the verification facts (issuer, key-set
//   generation, exp/nbf) and what the caller derived from the claims (Payload). The caller
//   re-checks exp/nbf on the injected clock and the key generation on every hit
//   (jwt_validator::check_time, keys_unchanged) and erases the entry when either fails.
// - Bounded: at most `capacity` entries per thread (set-associative: up to 4 ways per set, the
//   least recently used way replaced); tokens longer than max_token_bytes are not stored, so one
//   thread's cache holds at most capacity * 4 KiB of tokens.
// Thread-safety: shard t (every call with thread t) only from proxy thread t; hits()/misses()
// from anywhere. A reload builds new stages, hence new caches.
#include "core/util/constant_time.hpp"
#include "gateway/auth/jwt_validator.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace portico::gateway {

template <class Payload>
class verified_token_cache {
 public:
  static constexpr std::size_t max_token_bytes = 4096;
  struct entry {
    token_facts facts;
    Payload payload;
  };

  // capacity per thread, rounded down to ways * a power of two; 0 disables the cache.
  verified_token_cache(std::size_t capacity, int threads)
      : ways_(std::min<std::size_t>(capacity, 4)),
        sets_(ways_ == 0 ? 0 : std::bit_floor(capacity / ways_)),
        threads_(static_cast<std::size_t>(std::max(threads, 1))),
        shards_(std::make_unique<shard[]>(threads_)) {
    for (std::size_t t = 0; t < threads_; ++t) shards_[t].slots.resize(sets_ * ways_);
  }

  // Entries one thread holds at most (after rounding).
  std::size_t capacity() const noexcept { return sets_ * ways_; }
  // False when disabled, or for a thread index without a shard (e.g. a resumed request running
  // on a JWKS fetcher's thread passes -1): then find() misses and insert() does nothing.
  bool usable(int thread) const noexcept { return sets_ != 0 && thread >= 0 && static_cast<std::size_t>(thread) < threads_; }

  // The entry for exactly this token, or nullptr. Valid until the next insert/erase on the thread.
  entry* find(int thread, std::string_view token) {
    if (!usable(thread) || token.size() > max_token_bytes) return nullptr;
    shard& s = shards_[static_cast<std::size_t>(thread)];
    const std::uint64_t h = hash(token);
    for (slot& x : ways_of(s, h)) {
      if (matches(x, h, token)) {
        x.used = ++s.tick;
        return &x.value;
      }
    }
    return nullptr;
  }

  void insert(int thread, std::string_view token, entry value) {
    if (!usable(thread) || token.size() > max_token_bytes) return;
    shard& s = shards_[static_cast<std::size_t>(thread)];
    const std::uint64_t h = hash(token);
    std::span<slot> set = ways_of(s, h);
    slot* victim = &set[0];
    for (slot& x : set) {
      if (!x.full) {
        victim = &x;
        break;
      }
      if (x.used < victim->used) victim = &x;
    }
    victim->full = true;
    victim->hash = h;
    victim->token.assign(token);
    victim->value = std::move(value);
    victim->used = ++s.tick;
  }

  void erase(int thread, std::string_view token) {
    if (!usable(thread)) return;
    shard& s = shards_[static_cast<std::size_t>(thread)];
    const std::uint64_t h = hash(token);
    for (slot& x : ways_of(s, h)) {
      if (matches(x, h, token)) x.full = false;
    }
  }

  // Requests answered from the cache (hit) or verified in full (miss); the caller counts them.
  void record(int thread, bool hit) noexcept {
    if (!usable(thread)) return;
    auto& c = hit ? shards_[static_cast<std::size_t>(thread)].hits : shards_[static_cast<std::size_t>(thread)].misses;
    c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);  // one writer per shard
  }
  std::uint64_t hits() const noexcept { return sum(&shard::hits); }
  std::uint64_t misses() const noexcept { return sum(&shard::misses); }

 private:
  struct slot {
    bool full = false;
    std::uint64_t hash = 0;
    std::uint64_t used = 0;  // the shard's tick at the last find or insert: least recently used goes
    std::string token;
    entry value;
  };
  struct alignas(64) shard {
    std::vector<slot> slots;
    std::uint64_t tick = 0;
    std::atomic<std::uint64_t> hits{0}, misses{0};
  };

  static bool matches(const slot& x, std::uint64_t h, std::string_view token) noexcept {
    return x.full && x.hash == h && x.token.size() == token.size() && core::constant_time_equal(x.token.data(), token.data(), token.size());
  }
  // The last 32 bytes and the length: the end of a JWS is its signature, which differs between
  // any two tokens that verify, and a lookup compares the whole token anyway. Hashing all of a
  // ~170-byte token was a fifth of the cost of a hit.
  static std::uint64_t hash(std::string_view token) noexcept {
    const std::string_view tail = token.size() > 32 ? token.substr(token.size() - 32) : token;
    return std::hash<std::string_view>{}(tail) ^ (token.size() * 0x9e3779b97f4a7c15ULL);
  }
  std::span<slot> ways_of(shard& s, std::uint64_t h) const noexcept {
    return std::span<slot>(s.slots).subspan((h & (sets_ - 1)) * ways_, ways_);
  }
  std::uint64_t sum(std::atomic<std::uint64_t> shard::*counter) const noexcept {
    std::uint64_t n = 0;
    for (std::size_t t = 0; t < threads_; ++t) n += (shards_[t].*counter).load(std::memory_order_relaxed);
    return n;
  }

  std::size_t ways_;
  std::size_t sets_;
  std::size_t threads_;
  std::unique_ptr<shard[]> shards_;
};

}  // namespace portico::gateway
