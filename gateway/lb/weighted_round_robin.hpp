#pragma once
// Smooth weighted round robin (nginx's algorithm): every pick adds each eligible host's weight to
// its current weight, takes the host with the largest current weight and subtracts the total.
// Weights {5,1,1} give a,a,b,a,c,a,a — proportional and interleaved, not bursts. O(hosts) per pick.
// Unavailable hosts are left out of the round (their current weight is frozen).
#include "gateway/lb/policy_base.hpp"

#include <cstdint>
#include <vector>

namespace portico::gateway {

class weighted_round_robin_lb final : public detail::policy_base {
 public:
  weighted_round_robin_lb(const host_set& hosts, const lb_options& options);
  std::optional<std::size_t> choose(const lb_input& input) override;
  core::lb_algorithm algorithm() const noexcept override { return core::lb_algorithm::weighted_round_robin; }

 private:
  std::vector<std::int64_t> current_;
};

}  // namespace portico::gateway
