#pragma once
// Least outstanding requests: the eligible host with the smallest outstanding/weight (compared
// exactly by cross-multiplication). Ties go to the first one found from a rotating start, so an
// idle cluster still spreads load. Reads the host_set's outstanding counters, which all proxy
// threads update, so it balances the gateway's total load. O(hosts) per pick.
#include "gateway/lb/policy_base.hpp"

namespace portico::gateway {

class least_request_lb final : public detail::policy_base {
 public:
  least_request_lb(const host_set& hosts, const lb_options& options);
  std::optional<std::size_t> choose(const lb_input& input) override;
  core::lb_algorithm algorithm() const noexcept override { return core::lb_algorithm::least_request; }

 private:
  std::size_t start_ = 0;
};

}  // namespace portico::gateway
