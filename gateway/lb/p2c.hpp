#pragma once
// Power of two choices: two distinct random eligible hosts, the one with fewer outstanding
// requests (per unit of weight) wins; ties go to the first draw. O(1) per pick in the common case,
// and nearly as good as least_request while avoiding its herd behaviour on stale counters
// (Mitzenmacher 2001).
#include "gateway/lb/policy_base.hpp"

namespace portico::gateway {

class p2c_lb final : public detail::policy_base {
 public:
  using policy_base::policy_base;
  std::optional<std::size_t> choose(const lb_input& input) override;
  core::lb_algorithm algorithm() const noexcept override { return core::lb_algorithm::p2c; }
};

}  // namespace portico::gateway
