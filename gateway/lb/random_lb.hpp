#pragma once
// Random choice proportional to weight among eligible hosts (uniform when weights are equal).
#include "gateway/lb/policy_base.hpp"

namespace portico::gateway {

class random_lb final : public detail::policy_base {
 public:
  using policy_base::policy_base;
  std::optional<std::size_t> choose(const lb_input& input) override;
  core::lb_algorithm algorithm() const noexcept override { return core::lb_algorithm::random; }
};

}  // namespace portico::gateway
