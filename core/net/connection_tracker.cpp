#include "core/net/connection_tracker.hpp"

#include <vector>

namespace portico::net {

connection_tracker::id connection_tracker::add(std::weak_ptr<tracked_connection> connection) {
  std::lock_guard lock(mutex_);
  id which = next_++;
  live_.emplace(which, std::move(connection));
  return which;
}

void connection_tracker::remove(id which) {
  std::lock_guard lock(mutex_);
  live_.erase(which);
  if (live_.empty()) idle_.notify_all();
}

std::size_t connection_tracker::active() const {
  std::lock_guard lock(mutex_);
  return live_.size();
}

template <typename F>
void connection_tracker::for_each(F&& f) {
  // Copy out under the lock, call without it: a connection may unregister (take the lock)
  // from another thread while we call it.
  std::vector<std::shared_ptr<tracked_connection>> targets;
  {
    std::lock_guard lock(mutex_);
    targets.reserve(live_.size());
    for (auto& [which, weak] : live_) {
      if (auto strong = weak.lock()) targets.push_back(std::move(strong));
    }
  }
  for (auto& c : targets) f(*c);
}

void connection_tracker::drain_all() {
  for_each([](tracked_connection& c) { c.drain(); });
}

void connection_tracker::abort_all() {
  for_each([](tracked_connection& c) { c.abort(); });
}

bool connection_tracker::wait_idle(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  return idle_.wait_until(lock, deadline, [this] { return live_.empty(); });
}

bool connection_tracker::shutdown(std::chrono::steady_clock::time_point deadline, std::chrono::milliseconds grace) {
  drain_all();
  if (wait_idle(deadline)) return true;
  abort_all();
  wait_idle(std::chrono::steady_clock::now() + grace);
  return false;
}

}  // namespace portico::net
