#include "mock-backends/server/capacity_gate.hpp"

namespace portico::mock {

capacity_gate::admission capacity_gate::admit(ticket id, std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  auto result = model_.admit(id);
  if (result == admission::queued) waiters_.emplace(id, std::move(wake));
  return result;
}

void capacity_gate::release() {
  std::function<void()> wake;
  {
    std::lock_guard lock(mutex_);
    auto next = model_.release();
    if (!next) return;
    auto it = waiters_.find(*next);
    if (it != waiters_.end()) {
      wake = std::move(it->second);
      waiters_.erase(it);
    }
  }
  if (wake) wake();
}

void capacity_gate::abandon(ticket id) {
  {
    std::lock_guard lock(mutex_);
    waiters_.erase(id);
    if (model_.cancel(id)) return;
  }
  release();  // it had been granted a worker before it gave up
}

int capacity_gate::busy() const {
  std::lock_guard lock(mutex_);
  return model_.busy();
}

int capacity_gate::queue_depth() const {
  std::lock_guard lock(mutex_);
  return model_.queued();
}

int capacity_gate::max_queue_depth() const {
  std::lock_guard lock(mutex_);
  return model_.max_queued();
}

}  // namespace portico::mock
