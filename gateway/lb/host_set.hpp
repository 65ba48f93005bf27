#pragma once
// The instances of one backend as the load balancers see them: a fixed list (built once per
// backend) of names and weights, plus per-host state that changes at run time and is SHARED by
// every proxy thread, hence atomic:
//   - healthy   : written by the active health checker (gateway/health/active_health.hpp)
//   - ejected   : written by the outlier detector (gateway/health/outlier_detector.hpp)
//   - outstanding requests: the proxy calls on_request_start(i) after choosing host i and
//     on_request_end(i) when the upstream exchange ends (any outcome) — or uses outstanding_guard.
// A host is "available" when healthy and not ejected and its weight is > 0. Every change of
// healthy/ejected bumps generation() so per-thread LBs (ring hash, Maglev) know to rebuild.
// Relaxed atomics: LB decisions tolerate slightly stale values.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace portico::gateway {

struct host_spec {
  std::string name;        // stable identity, e.g. "127.0.0.1:8081"; keys ring hash and Maglev
  std::uint32_t weight = 1;
};

class host_set {
 public:
  explicit host_set(std::vector<host_spec> hosts);
  host_set(const host_set&) = delete;
  host_set& operator=(const host_set&) = delete;

  std::size_t size() const noexcept { return specs_.size(); }
  const host_spec& spec(std::size_t i) const noexcept { return specs_[i]; }
  std::uint32_t weight(std::size_t i) const noexcept { return specs_[i].weight; }

  bool healthy(std::size_t i) const noexcept { return state_[i].healthy.load(std::memory_order_relaxed); }
  bool ejected(std::size_t i) const noexcept { return state_[i].ejected.load(std::memory_order_relaxed); }
  bool available(std::size_t i) const noexcept { return specs_[i].weight > 0 && healthy(i) && !ejected(i); }
  std::size_t available_count() const noexcept;
  void set_healthy(std::size_t i, bool healthy) noexcept;
  void set_ejected(std::size_t i, bool ejected) noexcept;
  std::uint64_t generation() const noexcept { return generation_.load(std::memory_order_acquire); }

  std::int64_t outstanding(std::size_t i) const noexcept { return state_[i].outstanding.load(std::memory_order_relaxed); }
  void on_request_start(std::size_t i) noexcept { state_[i].outstanding.fetch_add(1, std::memory_order_relaxed); }
  void on_request_end(std::size_t i) noexcept { state_[i].outstanding.fetch_sub(1, std::memory_order_relaxed); }

 private:
  struct host_state {
    std::atomic<bool> healthy{true};
    std::atomic<bool> ejected{false};
    std::atomic<std::int64_t> outstanding{0};
  };
  std::vector<host_spec> specs_;
  std::unique_ptr<host_state[]> state_;
  std::atomic<std::uint64_t> generation_{0};
};

// RAII outstanding-request accounting for one upstream attempt.
class outstanding_guard {
 public:
  outstanding_guard(host_set& hosts, std::size_t i) noexcept : hosts_(&hosts), i_(i) { hosts.on_request_start(i); }
  outstanding_guard(const outstanding_guard&) = delete;
  outstanding_guard& operator=(const outstanding_guard&) = delete;
  outstanding_guard(outstanding_guard&& o) noexcept : hosts_(o.hosts_), i_(o.i_) { o.hosts_ = nullptr; }
  ~outstanding_guard() {
    if (hosts_) hosts_->on_request_end(i_);
  }

 private:
  host_set* hosts_;
  std::size_t i_;
};

}  // namespace portico::gateway
