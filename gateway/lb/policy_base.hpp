#pragma once
// Shared plumbing of the LB policies (internal to gateway/lb): the host set, a PRNG, the
// "eligible" rule (available hosts; in panic mode every host with weight > 0) and helpers to draw
// random eligible hosts. Not thread-safe, like every load_balancer instance.
#include "gateway/lb/load_balancer.hpp"
#include "core/util/split_mix64.hpp"

#include <optional>
#include <vector>

namespace portico::gateway::detail {

class policy_base : public load_balancer {
 public:
  policy_base(const host_set& hosts, const lb_options& options);

 protected:
  bool eligible(std::size_t i, bool panic) const noexcept {
    return panic ? hosts_.weight(i) > 0 || all_zero_weight_ : hosts_.available(i);
  }
  std::optional<std::size_t> picked(std::size_t i, bool panic) noexcept {
    ++counters_.chosen;
    if (panic) ++counters_.panic;
    return i;
  }
  std::optional<std::size_t> none() noexcept {
    ++counters_.no_host;
    return std::nullopt;
  }
  // Uniform among eligible hosts other than `exclude`: a few rejection samples (fast when most
  // hosts are up), then an exact scan. nullopt when there is no such host.
  std::optional<std::size_t> random_eligible(bool panic, std::size_t exclude = static_cast<std::size_t>(-1));
  // Weight-proportional among eligible hosts, same strategy.
  std::optional<std::size_t> weighted_random_eligible(bool panic);

  // The effective weight used for ratios (panic with all-zero weights counts every host as 1).
  std::uint64_t weight_of(std::size_t i) const noexcept { return all_zero_weight_ ? 1 : hosts_.weight(i); }

  const host_set& hosts_;
  core::split_mix64 rng_;
  bool all_zero_weight_ = true;
  std::vector<std::uint64_t> cumulative_;  // prefix sums of weight_of()
};

}  // namespace portico::gateway::detail
