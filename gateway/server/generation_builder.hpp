#pragma once
// Internal to gateway/server: builds one configuration generation (routers, pipelines, host sets,
// resilience state) from a gateway_config, at start-up and on each reload. Throws
// std::invalid_argument with a message naming the field for a config it cannot serve (unknown
// backend, no instances, bad address); stage factories may throw too. Nothing is published
// until it returns, so a failed build leaves the running generation untouched.
#include "gateway/server/gateway_server.hpp"
#include "gateway/server/gateway_state.hpp"

#include <memory>

namespace portico::gateway::detail {

// previous: backends whose addresses, weights and upstream settings are unchanged are taken over
// from it (health, ejections, breaker and connection pools carry on), and stages take over the
// state it carried (generation::carried; unchanged rate limiters keep their budgets). Locks state.mutex briefly
// to assign metric ids.
std::shared_ptr<generation> build_generation(const core::gateway_config& config, const backend_endpoints& backends,
                                             const gateway_options& options, gateway_state& state,
                                             const generation* previous);

}  // namespace portico::gateway::detail
