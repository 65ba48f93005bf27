#pragma once
// Load-balancing policies behind one interface. A policy is built over a host_set and picks the
// index of one host per request.
//
// Threading: an LB instance is NOT thread-safe (round-robin cursors, smooth-WRR weights, its
// PRNG, lazily rebuilt hash tables). Give each proxy thread (io_context) its own instance built
// over the SAME host_set; the only state shared between threads is the host_set's atomics
// (health, ejection, outstanding requests). Hash-based policies therefore agree across threads,
// and round robin is round robin per thread.
//
// Availability and panic: unavailable hosts (unhealthy, ejected, weight 0) are skipped. When NO
// host is available the policy runs in "panic" mode over all hosts with weight > 0 (or all hosts
// if every weight is 0), like Envoy's panic threshold at its extreme: better to try a host that
// may be down than to fail every request. counters().panic counts those choices.
//
// Clock: no policy needs time; they are deterministic given the seed and the host_set state.
#include "core/config/gateway_config.hpp"
#include "gateway/lb/host_set.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

namespace portico::gateway {

struct lb_input {
  // Consistent-hash key for ring_hash / maglev (from hash_policy::key()); other policies ignore
  // it. Without a key, hash policies pick a random available host.
  std::optional<std::uint64_t> hash;
};

struct lb_counters {  // per instance (per thread); sum across threads when exporting
  std::uint64_t chosen = 0;
  std::uint64_t panic = 0;    // chosen while no host was available
  std::uint64_t no_host = 0;  // host set empty: choose() returned nullopt
  std::uint64_t rebuilds = 0; // hash tables rebuilt after a health/ejection change
};

class load_balancer {
 public:
  virtual ~load_balancer() = default;
  // Index into the host_set, or nullopt only when the host set is empty. Call once per attempt
  // (a retry calls it again; policies do not remember the previous pick).
  virtual std::optional<std::size_t> choose(const lb_input& input) = 0;
  virtual core::lb_algorithm algorithm() const noexcept = 0;
  const lb_counters& counters() const noexcept { return counters_; }

 protected:
  lb_counters counters_;
};

struct lb_options {
  std::uint64_t seed = 1;  // PRNG seed; give each thread's instance a different seed
  // ring_hash: virtual nodes per unit of weight; Maglev: lookup-table size (must be prime and
  // larger than 100 x the number of hosts for good balance).
  std::uint32_t ring_vnodes_per_weight = 100;
  std::uint64_t maglev_table_size = 65537;
};

// Builds the configured policy over `hosts`, which must outlive it. Throws std::invalid_argument
// for a non-prime Maglev table size.
std::unique_ptr<load_balancer> make_load_balancer(core::lb_algorithm algorithm, const host_set& hosts,
                                                  const lb_options& options = {});

const char* to_string(core::lb_algorithm algorithm) noexcept;

}  // namespace portico::gateway
