#pragma once
// Decides, per request, which fault (if any) a mock endpoint injects. Built once from a
// fault_config, then const; decide() is thread-safe given a per-thread rng.
//
// One uniform draw picks among the faults laid end to end in the config's order (hang, reset,
// malformed, statuses..., close_mid_body, slow_body), so each fires with exactly its configured
// probability and at most one fires per request ("503:2%,504:1%" means 2% and 1%, not
// 1% x 98%). If the probabilities sum past 1, the later ones are cut short.
#include "core/config/backend_config.hpp"
#include "mock-backends/behaviour/rng.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace portico::mock {

enum class fault_kind { none, hang, reset, malformed, status, close_mid_body, slow_body };

std::string_view to_string(fault_kind kind) noexcept;

struct fault_decision {
  fault_kind kind = fault_kind::none;
  int status = 0;                          // fault_kind::status
  std::uint64_t bytes_per_second = 0;      // fault_kind::slow_body
};

class fault_plan {
 public:
  fault_plan() = default;
  explicit fault_plan(const core::fault_config& config);

  bool empty() const noexcept { return total_ <= 0; }
  // Consumes exactly one random number unless empty().
  fault_decision decide(rng& random) const noexcept;
  // Total probability that some fault fires.
  double total_probability() const noexcept { return total_; }

 private:
  struct band {
    double upper;  // cumulative probability
    fault_decision decision;
  };
  std::vector<band> bands_;
  double total_ = 0;
};

}  // namespace portico::mock
