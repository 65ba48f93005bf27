#include "gateway/lb/round_robin.hpp"

namespace portico::gateway {

round_robin_lb::round_robin_lb(const host_set& hosts, const lb_options& options)
    // Start threads at different hosts so N threads don't all hit host 0 first.
    : policy_base(hosts, options), cursor_(hosts.size() == 0 ? 0 : rng_.below(hosts.size())) {}

std::optional<std::size_t> round_robin_lb::choose(const lb_input&) {
  const auto n = hosts_.size();
  if (n == 0) return none();
  for (bool panic : {false, true}) {
    for (std::size_t k = 0; k < n; ++k) {
      const auto i = (cursor_ + k) % n;
      if (eligible(i, panic)) {
        cursor_ = i + 1;
        return picked(i, panic);
      }
    }
  }
  return none();
}

}  // namespace portico::gateway
