#pragma once
// How stages are built from config. Each stage kind provides one factory that looks at the
// listener/route config and returns a stage, or nullptr when the route does not use it. The
// ordered list of factories is gateway/server/stage_list.cpp: adding a stage kind is one line
// there (plus the stage's own files), nothing else.
#include "core/config/gateway_config.hpp"
#include "core/time/clock.hpp"
#include "gateway/pipeline/carried_state.hpp"
#include "gateway/pipeline/stage.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace portico::gateway {

struct stage_build_context {
  const core::gateway_config& gateway;
  const core::listener_config& listener;
  const core::route_config* route = nullptr;  // nullptr: listener-level stage (runs before routing)
  std::size_t route_index = 0;
  const core::clock& clock;
  int threads = 1;  // proxy threads: size per-thread state by this, index by ctx.thread_index
  // Backend name -> instance addresses "host:port", for stages that call backends themselves
  // (aggregation, composition); valid during the factory call only (copy what you keep).
  const std::map<std::string, std::vector<std::string>>* backend_addresses = nullptr;
  // State handed over across a reload (carried_state.hpp); nullptr: build everything afresh.
  state_handover* handover = nullptr;
};

using stage_factory = std::unique_ptr<stage> (*)(const stage_build_context&);

}  // namespace portico::gateway
