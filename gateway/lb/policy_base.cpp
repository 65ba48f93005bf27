#include "gateway/lb/policy_base.hpp"

#include <algorithm>

namespace portico::gateway::detail {

policy_base::policy_base(const host_set& hosts, const lb_options& options) : hosts_(hosts), rng_(options.seed) {
  for (std::size_t i = 0; i < hosts.size(); ++i) all_zero_weight_ = all_zero_weight_ && hosts.weight(i) == 0;
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < hosts.size(); ++i) cumulative_.push_back(sum += weight_of(i));
}

std::optional<std::size_t> policy_base::random_eligible(bool panic, std::size_t exclude) {
  const auto n = hosts_.size();
  if (n == 0) return std::nullopt;
  for (int attempt = 0; attempt < 4; ++attempt) {
    const auto i = static_cast<std::size_t>(rng_.below(n));
    if (i != exclude && eligible(i, panic)) return i;
  }
  std::size_t count = 0;
  for (std::size_t i = 0; i < n; ++i) count += (i != exclude && eligible(i, panic)) ? 1 : 0;
  if (count == 0) return std::nullopt;
  auto k = rng_.below(count);
  for (std::size_t i = 0; i < n; ++i) {
    if (i == exclude || !eligible(i, panic)) continue;
    if (k-- == 0) return i;
  }
  return std::nullopt;  // unreachable unless availability changed under us
}

std::optional<std::size_t> policy_base::weighted_random_eligible(bool panic) {
  const auto n = hosts_.size();
  if (n == 0 || cumulative_.back() == 0) return std::nullopt;
  for (int attempt = 0; attempt < 4; ++attempt) {
    const auto point = rng_.below(cumulative_.back());
    const auto i = static_cast<std::size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), point) - cumulative_.begin());
    if (eligible(i, panic)) return i;
  }
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < n; ++i) total += eligible(i, panic) ? weight_of(i) : 0;
  if (total == 0) return std::nullopt;
  auto point = rng_.below(total);
  for (std::size_t i = 0; i < n; ++i) {
    if (!eligible(i, panic)) continue;
    if (point < weight_of(i)) return i;
    point -= weight_of(i);
  }
  return std::nullopt;
}

}  // namespace portico::gateway::detail
