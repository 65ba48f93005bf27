#pragma once
// Maglev consistent hashing (Eisenbud et al., NSDI 2016): a lookup table of prime size M filled
// from each host's permutation (offset = h1(name) mod M, skip = h2(name) mod (M-1) + 1), taking
// turns so every host owns ~M/N entries; weighted hosts take turns in proportion to their weight.
// Lookup is one modulo and one load: O(1). Membership changes move slightly more than the ideal
// 1/N of keys (the paper's trade of a little disruption for perfect balance).
// Built over available hosts; rebuilt lazily (O(M log M)) when host_set::generation() changes.
// No hash key in lb_input: a random eligible host.
#include "gateway/lb/policy_base.hpp"

#include <cstdint>
#include <vector>

namespace portico::gateway {

class maglev_lb final : public detail::policy_base {
 public:
  // table_size must be prime (make_load_balancer checks).
  maglev_lb(const host_set& hosts, const lb_options& options);
  std::optional<std::size_t> choose(const lb_input& input) override;
  core::lb_algorithm algorithm() const noexcept override { return core::lb_algorithm::maglev; }
  // Entries owned by each host, for balance tests.
  std::vector<std::size_t> entries_per_host() const;

 private:
  void rebuild();

  std::uint64_t table_size_;
  std::vector<std::uint32_t> table_;
  std::uint64_t built_generation_ = 0;
  bool panic_ = false;
};

bool is_prime(std::uint64_t n) noexcept;

}  // namespace portico::gateway
