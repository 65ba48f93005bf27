#pragma once
// Consistent hashing on a ring (Karger et al.; Envoy's ring_hash / ketama-like). Each eligible
// host gets weight x vnodes_per_weight points at hash64("<name>_<k>"); a key goes to the first
// point clockwise (binary search, O(log points)). Adding or removing one of N hosts moves only
// ~1/N of the keys, all of them to/from that host.
// The ring holds available hosts only and is rebuilt lazily when host_set::generation() changes
// (health/ejection flips): a key whose host goes down moves to the next point, the others stay.
// No hash key in lb_input: a random eligible host.
#include "gateway/lb/policy_base.hpp"

#include <cstdint>
#include <vector>

namespace portico::gateway {

class ring_hash_lb final : public detail::policy_base {
 public:
  ring_hash_lb(const host_set& hosts, const lb_options& options);
  std::optional<std::size_t> choose(const lb_input& input) override;
  core::lb_algorithm algorithm() const noexcept override { return core::lb_algorithm::ring_hash; }
  std::size_t ring_size() const noexcept { return ring_.size(); }

 private:
  struct point {
    std::uint64_t hash;
    std::uint32_t host;
  };
  void rebuild();

  std::uint32_t vnodes_per_weight_;
  std::vector<point> ring_;
  std::uint64_t built_generation_ = 0;
  bool panic_ = false;  // the ring was built over all hosts because none was available
};

}  // namespace portico::gateway
