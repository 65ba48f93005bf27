#include "mock-backends/server/request_log.hpp"

namespace portico::mock {

void request_log::add(recorded_request r) {
  std::lock_guard lock(mutex_);
  r.sequence = ++total_;
  entries_.push_back(std::move(r));
  while (entries_.size() > capacity_) entries_.pop_front();
}

std::vector<recorded_request> request_log::entries() const {
  std::lock_guard lock(mutex_);
  return {entries_.begin(), entries_.end()};
}

}  // namespace portico::mock
