#include "gateway/lb/weighted_round_robin.hpp"

namespace portico::gateway {

weighted_round_robin_lb::weighted_round_robin_lb(const host_set& hosts, const lb_options& options)
    : policy_base(hosts, options), current_(hosts.size(), 0) {}

std::optional<std::size_t> weighted_round_robin_lb::choose(const lb_input&) {
  const auto n = hosts_.size();
  if (n == 0) return none();
  for (bool panic : {false, true}) {
    std::int64_t total = 0;
    std::size_t best = n;
    for (std::size_t i = 0; i < n; ++i) {
      if (!eligible(i, panic)) continue;
      const auto w = static_cast<std::int64_t>(weight_of(i));
      current_[i] += w;
      total += w;
      if (best == n || current_[i] > current_[best]) best = i;
    }
    if (best != n) {
      current_[best] -= total;
      return picked(best, panic);
    }
  }
  return none();
}

}  // namespace portico::gateway
