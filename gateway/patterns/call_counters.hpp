#pragma once
// Counters of a stage that calls backends itself (aggregation, composition): requests by
// outcome and, per named call, how many were made, failed, timed out, and how long they took.
// Fan-out latency is the slowest call; mean and max per call show which one it is.
//
// Thread-safety: record_* from any proxy thread (relaxed atomics); snapshot() from any thread.
#include "gateway/patterns/backend_client.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace portico::gateway::patterns {

struct call_snapshot {
  std::string name;
  std::uint64_t calls = 0, failures = 0, timeouts = 0;
  double total_ms = 0, mean_ms = 0, max_ms = 0;
};

struct calls_snapshot {
  std::uint64_t requests = 0, complete = 0, partial = 0, failed = 0;
  std::vector<call_snapshot> calls;
};

class call_counters {
 public:
  explicit call_counters(std::vector<std::string> names);

  void record_call(std::size_t index, const backend_reply& reply) noexcept;
  enum class outcome { complete, partial, failed };
  void record_request(outcome o) noexcept;
  calls_snapshot snapshot() const;

 private:
  struct per_call {
    std::atomic<std::uint64_t> calls{0}, failures{0}, timeouts{0}, total_ns{0}, max_ns{0};
  };
  std::vector<std::string> names_;
  std::unique_ptr<per_call[]> calls_;
  std::atomic<std::uint64_t> requests_{0}, complete_{0}, partial_{0}, failed_{0};
};

}  // namespace portico::gateway::patterns
