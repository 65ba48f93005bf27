#pragma once
// Round robin over available hosts, ignoring weights (use weighted_round_robin for those).
// The cursor is per instance, i.e. per proxy thread.
#include "gateway/lb/policy_base.hpp"

namespace portico::gateway {

class round_robin_lb final : public detail::policy_base {
 public:
  round_robin_lb(const host_set& hosts, const lb_options& options);
  std::optional<std::size_t> choose(const lb_input& input) override;
  core::lb_algorithm algorithm() const noexcept override { return core::lb_algorithm::round_robin; }

 private:
  std::size_t cursor_ = 0;
};

}  // namespace portico::gateway
