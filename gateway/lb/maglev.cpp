#include "gateway/lb/maglev.hpp"

#include "gateway/lb/hash.hpp"

#include <limits>

namespace portico::gateway {

namespace {
constexpr std::uint32_t empty_slot = std::numeric_limits<std::uint32_t>::max();
}

bool is_prime(std::uint64_t n) noexcept {
  if (n < 2) return false;
  for (std::uint64_t d = 2; d * d <= n; ++d)
    if (n % d == 0) return false;
  return true;
}

maglev_lb::maglev_lb(const host_set& hosts, const lb_options& options)
    : policy_base(hosts, options), table_size_(options.maglev_table_size) {
  rebuild();
}

void maglev_lb::rebuild() {
  built_generation_ = hosts_.generation();
  ++counters_.rebuilds;
  const auto n = hosts_.size();
  const auto m = table_size_;
  table_.assign(m, empty_slot);
  panic_ = true;
  for (std::size_t i = 0; i < n; ++i) panic_ = panic_ && !eligible(i, false);

  struct perm {
    std::uint32_t host;
    std::uint64_t offset, skip, next = 0, placed = 0, weight;
  };
  std::vector<perm> perms;
  std::uint64_t max_weight = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!eligible(i, panic_)) continue;
    const auto h = hash64(hosts_.spec(i).name);
    perms.push_back({static_cast<std::uint32_t>(i), h % m, fmix64(h ^ 0x9e3779b97f4a7c15ULL) % (m - 1) + 1, 0, 0,
                     weight_of(i)});
    max_weight = std::max(max_weight, weight_of(i));
  }
  if (perms.empty()) return;

  // Round t: host k places one entry if placed_k < t * w_k / w_max, so a host of maximal weight
  // places one per round and lighter hosts proportionally fewer (Envoy's weighted Maglev).
  std::uint64_t filled = 0;
  for (std::uint64_t round = 1; filled < m; ++round) {
    for (auto& p : perms) {
      if (p.placed * max_weight >= round * p.weight) continue;
      auto slot = (p.offset + p.next * p.skip) % m;
      while (table_[slot] != empty_slot) slot = (p.offset + ++p.next * p.skip) % m;
      table_[slot] = p.host;
      ++p.next;
      ++p.placed;
      if (++filled == m) break;
    }
  }
}

std::vector<std::size_t> maglev_lb::entries_per_host() const {
  std::vector<std::size_t> count(hosts_.size(), 0);
  for (auto host : table_)
    if (host != empty_slot) ++count[host];
  return count;
}

std::optional<std::size_t> maglev_lb::choose(const lb_input& input) {
  if (hosts_.size() == 0) return none();
  if (hosts_.generation() != built_generation_) rebuild();
  if (!input.hash || table_.empty() || table_[0] == empty_slot) {
    for (bool panic : {false, true})
      if (const auto i = random_eligible(panic)) return picked(*i, panic);
    return none();
  }
  return picked(table_[*input.hash % table_size_], panic_);
}

}  // namespace portico::gateway
