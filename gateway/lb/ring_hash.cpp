#include "gateway/lb/ring_hash.hpp"

#include "gateway/lb/hash.hpp"

#include <algorithm>
#include <string>

namespace portico::gateway {

namespace {
constexpr std::uint64_t max_ring_points = 1u << 20;  // bounds memory and rebuild time for big weights
}

ring_hash_lb::ring_hash_lb(const host_set& hosts, const lb_options& options)
    : policy_base(hosts, options), vnodes_per_weight_(std::max<std::uint32_t>(1, options.ring_vnodes_per_weight)) {
  rebuild();
}

void ring_hash_lb::rebuild() {
  built_generation_ = hosts_.generation();
  ring_.clear();
  const auto n = hosts_.size();
  panic_ = true;
  for (std::size_t i = 0; i < n; ++i) panic_ = panic_ && !eligible(i, false);
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < n; ++i) total += eligible(i, panic_) ? weight_of(i) * vnodes_per_weight_ : 0;
  const double scale = total > max_ring_points ? static_cast<double>(max_ring_points) / static_cast<double>(total) : 1.0;
  std::string key;
  for (std::size_t i = 0; i < n; ++i) {
    if (!eligible(i, panic_)) continue;
    const auto points = std::max<std::uint64_t>(
        1, static_cast<std::uint64_t>(static_cast<double>(weight_of(i) * vnodes_per_weight_) * scale));
    for (std::uint64_t k = 0; k < points; ++k) {
      key.assign(hosts_.spec(i).name).append("_").append(std::to_string(k));
      ring_.push_back({hash64(key), static_cast<std::uint32_t>(i)});
    }
  }
  // Ties (practically impossible with 64-bit hashes) are broken by host index, deterministically.
  std::sort(ring_.begin(), ring_.end(),
            [](const point& a, const point& b) { return a.hash != b.hash ? a.hash < b.hash : a.host < b.host; });
  ++counters_.rebuilds;
}

std::optional<std::size_t> ring_hash_lb::choose(const lb_input& input) {
  if (hosts_.size() == 0) return none();
  if (hosts_.generation() != built_generation_) rebuild();
  if (!input.hash || ring_.empty()) {
    for (bool panic : {false, true})
      if (const auto i = random_eligible(panic)) return picked(*i, panic);
    return none();
  }
  auto it = std::lower_bound(ring_.begin(), ring_.end(), *input.hash,
                             [](const point& p, std::uint64_t h) { return p.hash < h; });
  if (it == ring_.end()) it = ring_.begin();
  return picked(it->host, panic_);
}

}  // namespace portico::gateway
