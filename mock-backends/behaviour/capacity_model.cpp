#include "mock-backends/behaviour/capacity_model.hpp"

#include <algorithm>

namespace portico::mock {

capacity_model::admission capacity_model::admit(ticket id) {
  if (unlimited() || busy_ < config_.workers) {
    ++busy_;
    return admission::run;
  }
  if (static_cast<int>(queue_.size()) < config_.queue) {
    queue_.push_back(id);
    max_queued_ = std::max(max_queued_, static_cast<int>(queue_.size()));
    return admission::queued;
  }
  ++rejected_;
  return admission::rejected;
}

std::optional<capacity_model::ticket> capacity_model::release() {
  if (busy_ > 0) --busy_;
  if (queue_.empty() || (!unlimited() && busy_ >= config_.workers)) return std::nullopt;
  ticket next = queue_.front();
  queue_.pop_front();
  ++busy_;
  return next;
}

bool capacity_model::cancel(ticket id) {
  auto it = std::find(queue_.begin(), queue_.end(), id);
  if (it == queue_.end()) return false;
  queue_.erase(it);
  return true;
}

}  // namespace portico::mock
