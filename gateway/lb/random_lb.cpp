#include "gateway/lb/random_lb.hpp"

namespace portico::gateway {

std::optional<std::size_t> random_lb::choose(const lb_input&) {
  if (hosts_.size() == 0) return none();
  for (bool panic : {false, true})
    if (const auto i = weighted_random_eligible(panic)) return picked(*i, panic);
  return none();
}

}  // namespace portico::gateway
