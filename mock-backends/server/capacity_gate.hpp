#pragma once
// The thread-safe wrapper of capacity_model used by the server: a request that has to queue
// registers a wake callback, and the request that frees a worker calls the callback of the next
// in line (FIFO). Only used for instances with `capacity.workers > 0`; unlimited instances never
// touch the mutex.
#include "mock-backends/behaviour/capacity_model.hpp"

#include <atomic>
#include <functional>
#include <mutex>
#include <unordered_map>

namespace portico::mock {

class capacity_gate {
 public:
  using ticket = capacity_model::ticket;
  using admission = capacity_model::admission;

  explicit capacity_gate(core::capacity_config config) : model_(config) {}

  bool unlimited() const noexcept { return model_.unlimited(); }
  ticket next_ticket() noexcept { return next_.fetch_add(1, std::memory_order_relaxed); }

  // queued: `wake` will be called (from the releasing thread, without the lock held) when the
  // request gets its worker; it must only post to the waiter's executor.
  admission admit(ticket id, std::function<void()> wake);
  // A granted request finished; wakes the next queued one, if any.
  void release();
  // A queued request gives up. If it had already been granted a worker, that worker is released.
  void abandon(ticket id);

  int busy() const;
  int queue_depth() const;
  int max_queue_depth() const;

 private:
  mutable std::mutex mutex_;
  capacity_model model_;
  std::unordered_map<ticket, std::function<void()>> waiters_;
  std::atomic<ticket> next_{1};
};

}  // namespace portico::mock
