#pragma once
// Per-key limiter state in bounded memory for one gateway process. Keys are spread over shards
// (a power of two, at most 64), each guarded by a small spinlock: a decision holds one shard lock
// for a hash lookup, an LRU touch and the algorithm's few integer operations (tens of ns), so a
// spinlock beats a mutex; after a short spin it yields, since worker threads may outnumber cores.
// Exact under concurrency: every decision on a key is serialised by its shard lock, and the caller
// reads the clock inside the lock so that decisions on one key see non-decreasing times.
// Each shard also keeps a Tally (the limiter's counts), updated by f under the same lock.
// Bound: at most max_keys keys; a full shard forgets its least recently used key (which then
// starts afresh, i.e. eviction can only make a limiter more permissive, never deny wrongly).
#include <atomic>
#include <cstdint>
#include <functional>
#include <list>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace portico::gateway {

class spinlock {
 public:
  void lock() noexcept {
    int spins = 0;
    while (locked_.exchange(true, std::memory_order_acquire)) {
      while (locked_.load(std::memory_order_relaxed)) {
        if (++spins < 128) {
#if defined(__x86_64__) || defined(__i386__)
          __builtin_ia32_pause();
#endif
        } else {
          std::this_thread::yield();
        }
      }
    }
  }
  void unlock() noexcept { locked_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> locked_{false};
};

template <class State, class Tally>
class local_store {
 public:
  explicit local_store(std::uint64_t max_keys) {
    std::size_t shards = 1;
    while (shards < 64 && shards * 2 <= max_keys) shards *= 2;
    shards_ = std::vector<shard>(shards);
    for (auto& s : shards_) s.capacity = static_cast<std::size_t>(max_keys / shards);
  }

  // Runs f(State&, Tally&) under the key's shard lock and returns its result.
  template <class F>
  auto with(std::string_view key, F&& f) {
    const std::size_t h = std::hash<std::string_view>{}(key);
    shard& s = shards_[(h >> 7) & (shards_.size() - 1)];
    s.lock.lock();
    State& state = s.find_or_insert(key, h);
    auto result = f(state, s.tally);
    s.lock.unlock();
    return result;
  }

  // The sum of every shard's tally (Tally needs +=).
  Tally total() {
    Tally sum{};
    for (auto& s : shards_) {
      s.lock.lock();
      sum += s.tally;
      s.lock.unlock();
    }
    return sum;
  }

  std::size_t size() {
    std::size_t n = 0;
    for (auto& s : shards_) {
      s.lock.lock();
      n += s.index.size();
      s.lock.unlock();
    }
    return n;
  }

 private:
  struct entry {
    std::string key;
    std::size_t hash;
    State state;
  };
  using list = std::list<entry>;
  struct probe {
    std::string_view key;
    std::size_t hash;
    friend bool operator==(const probe& a, const probe& b) noexcept { return a.hash == b.hash && a.key == b.key; }
  };
  struct probe_hash {
    std::size_t operator()(const probe& p) const noexcept { return p.hash; }
  };

  struct alignas(64) shard {
    spinlock lock;
    Tally tally{};
    std::size_t capacity = 1;
    list lru;  // most recently used first
    std::unordered_map<probe, typename list::iterator, probe_hash> index;

    State& find_or_insert(std::string_view key, std::size_t h) {
      // The most recent key first: a route-wide limit or one busy client sends every decision of
      // a shard to the same key, and then the index lookup (a modulo and a node walk) is skipped.
      if (!lru.empty() && lru.front().hash == h && lru.front().key == key) return lru.front().state;
      if (auto it = index.find(probe{key, h}); it != index.end()) {
        if (it->second != lru.begin()) lru.splice(lru.begin(), lru, it->second);
        return it->second->state;
      }
      if (index.size() >= capacity && !lru.empty()) {  // reuse the oldest node: no allocation
        index.erase(probe{lru.back().key, lru.back().hash});
        lru.splice(lru.begin(), lru, std::prev(lru.end()));
        lru.front().key.assign(key);
        lru.front().hash = h;
        lru.front().state = State{};
      } else {
        lru.push_front(entry{std::string(key), h, State{}});
      }
      index.emplace(probe{lru.front().key, h}, lru.begin());
      return lru.front().state;
    }
  };

  std::vector<shard> shards_;
};

}  // namespace portico::gateway
