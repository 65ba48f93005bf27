#include "gateway/lb/load_balancer.hpp"

#include "gateway/lb/least_request.hpp"
#include "gateway/lb/maglev.hpp"
#include "gateway/lb/p2c.hpp"
#include "gateway/lb/random_lb.hpp"
#include "gateway/lb/ring_hash.hpp"
#include "gateway/lb/round_robin.hpp"
#include "gateway/lb/weighted_round_robin.hpp"

#include <stdexcept>
#include <string>

namespace portico::gateway {

std::unique_ptr<load_balancer> make_load_balancer(core::lb_algorithm algorithm, const host_set& hosts,
                                                  const lb_options& options) {
  using core::lb_algorithm;
  switch (algorithm) {
    case lb_algorithm::round_robin: return std::make_unique<round_robin_lb>(hosts, options);
    case lb_algorithm::weighted_round_robin: return std::make_unique<weighted_round_robin_lb>(hosts, options);
    case lb_algorithm::least_request: return std::make_unique<least_request_lb>(hosts, options);
    case lb_algorithm::p2c: return std::make_unique<p2c_lb>(hosts, options);
    case lb_algorithm::random: return std::make_unique<random_lb>(hosts, options);
    case lb_algorithm::ring_hash: return std::make_unique<ring_hash_lb>(hosts, options);
    case lb_algorithm::maglev:
      if (!is_prime(options.maglev_table_size) || options.maglev_table_size > (1ULL << 32))
        throw std::invalid_argument("maglev table size " + std::to_string(options.maglev_table_size) +
                                    " is not a prime below 2^32");
      return std::make_unique<maglev_lb>(hosts, options);
  }
  throw std::invalid_argument("unknown lb algorithm");
}

const char* to_string(core::lb_algorithm algorithm) noexcept {
  using core::lb_algorithm;
  switch (algorithm) {
    case lb_algorithm::round_robin: return "round_robin";
    case lb_algorithm::weighted_round_robin: return "weighted_round_robin";
    case lb_algorithm::least_request: return "least_request";
    case lb_algorithm::p2c: return "p2c";
    case lb_algorithm::random: return "random";
    case lb_algorithm::ring_hash: return "ring_hash";
    case lb_algorithm::maglev: return "maglev";
  }
  return "unknown";
}

}  // namespace portico::gateway
