#include "gateway/server/stage_list.hpp"

#include "gateway/auth/api_key_stage.hpp"
#include "gateway/auth/basic_stage.hpp"
#include "gateway/auth/introspection_stage.hpp"
#include "gateway/auth/jwt_stage.hpp"
#include "gateway/auth/mtls_stage.hpp"
#include "gateway/patterns/aggregate_stage.hpp"
#include "gateway/patterns/cache_stage.hpp"
#include "gateway/patterns/compose_stage.hpp"
#include "gateway/patterns/response_shape.hpp"
#include "gateway/patterns/trace_stage.hpp"
#include "gateway/ratelimit/rate_limit_stage.hpp"

#include <array>

namespace portico::gateway {

namespace {

// Listener level, in order (before routing). Example of a line: `&make_access_log_stage,`
const std::array<stage_factory, 1> listener_factories{
    &patterns::make_trace_stage,
};

// Route level, in order (after routing, before forwarding): authentication, then rate limiting,
// then aggregation (which answers itself), e.g. `&make_auth_stage, &make_rate_limit_stage,`
const std::array<stage_factory, 10> route_factories{
    &make_mtls_stage,  // first: the cheapest check, and it needs no request bytes
    &make_api_key_stage,
    &make_jwt_stage,
    &make_basic_stage,
    &make_introspection_stage,
    &make_rate_limit_stage,
    &patterns::make_cache_stage,
    &patterns::make_aggregate_stage,
    &patterns::make_compose_stage,
    &patterns::make_shape_stage,
};

}  // namespace

std::span<const stage_factory> listener_stage_factories() { return listener_factories; }
std::span<const stage_factory> route_stage_factories() { return route_factories; }

}  // namespace portico::gateway
