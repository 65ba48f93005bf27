#include "gateway/lb/least_request.hpp"

namespace portico::gateway {

least_request_lb::least_request_lb(const host_set& hosts, const lb_options& options)
    : policy_base(hosts, options), start_(hosts.size() == 0 ? 0 : rng_.below(hosts.size())) {}

std::optional<std::size_t> least_request_lb::choose(const lb_input&) {
  const auto n = hosts_.size();
  if (n == 0) return none();
  for (bool panic : {false, true}) {
    std::size_t best = n;
    std::int64_t best_load = 0, best_weight = 1;
    for (std::size_t k = 0; k < n; ++k) {
      const auto i = (start_ + k) % n;
      if (!eligible(i, panic)) continue;
      const auto load = hosts_.outstanding(i);
      const auto w = static_cast<std::int64_t>(weight_of(i));
      if (best == n || load * best_weight < best_load * w) {
        best = i;
        best_load = load;
        best_weight = w;
      }
    }
    if (best != n) {
      start_ = (start_ + 1) % n;
      return picked(best, panic);
    }
  }
  return none();
}

}  // namespace portico::gateway
