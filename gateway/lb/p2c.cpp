#include "gateway/lb/p2c.hpp"

namespace portico::gateway {

std::optional<std::size_t> p2c_lb::choose(const lb_input&) {
  if (hosts_.size() == 0) return none();
  for (bool panic : {false, true}) {
    const auto a = random_eligible(panic);
    if (!a) continue;
    const auto b = random_eligible(panic, *a);
    if (!b) return picked(*a, panic);
    const auto la = hosts_.outstanding(*a) * static_cast<std::int64_t>(weight_of(*b));
    const auto lb = hosts_.outstanding(*b) * static_cast<std::int64_t>(weight_of(*a));
    return picked(lb < la ? *b : *a, panic);
  }
  return none();
}

}  // namespace portico::gateway
