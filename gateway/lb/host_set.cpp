#include "gateway/lb/host_set.hpp"

namespace portico::gateway {

host_set::host_set(std::vector<host_spec> hosts)
    : specs_(std::move(hosts)), state_(std::make_unique<host_state[]>(specs_.size())) {}

std::size_t host_set::available_count() const noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < size(); ++i) n += available(i) ? 1 : 0;
  return n;
}

void host_set::set_healthy(std::size_t i, bool healthy) noexcept {
  if (state_[i].healthy.exchange(healthy, std::memory_order_relaxed) != healthy)
    generation_.fetch_add(1, std::memory_order_release);
}

void host_set::set_ejected(std::size_t i, bool ejected) noexcept {
  if (state_[i].ejected.exchange(ejected, std::memory_order_relaxed) != ejected)
    generation_.fetch_add(1, std::memory_order_release);
}

}  // namespace portico::gateway
