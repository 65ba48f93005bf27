#pragma once
// The ordered stage kinds of the gateway pipeline. To add a stage kind (auth, rate limit,
// aggregation, cache, ...): write the stage in its own module dir with a factory function
// `std::unique_ptr<stage> make_x_stage(const stage_build_context&)` returning nullptr when the
// route does not use it, and add ONE line to the matching list in stage_list.cpp, at the position
// where it must run. The routing stage is always the last listener-level stage; the forwarder is
// always the terminal stage after the route-level list.
#include "gateway/pipeline/stage_factory.hpp"

#include <span>

namespace portico::gateway {

std::span<const stage_factory> listener_stage_factories();  // before routing, every request
std::span<const stage_factory> route_stage_factories();     // after routing, per route

}  // namespace portico::gateway
