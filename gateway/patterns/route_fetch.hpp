#pragma once
// One backend call made by a stage that answers itself (cache fill, response shaping,
// composition steps reuse the pieces): the call is traced like the forwarder's, runs on the
// request's proxy thread, and `finish` turns the reply into ctx.response before the connection
// is resumed with respond().
#include "gateway/patterns/backend_client.hpp"
#include "gateway/pipeline/stage.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>

namespace portico::gateway::patterns {

using fetch_finish = std::function<void(request_context&, backend_reply&)>;

// Returns pending() (or respond() with a 500 when ctx has no io_context). `client` must outlive
// the call (the stage owns it).
stage_result fetch_and_respond(request_context& ctx, const backend_client& client, backend_call call, std::string name,
                               fetch_finish finish);

// One traced call (child span when a trace is open); usable from any stage's coroutine.
boost::asio::awaitable<backend_reply> traced_call(request_context& ctx, const backend_client& client, backend_call call,
                                                  std::string name);

// The request's target for the route's backend: rewritten path + "?" + query.
std::string upstream_target(const request_context& ctx);
// The first backend of the route (composition/cache/shape routes use one backend).
backend_call route_call(const request_context& ctx);

// Answers a failed reply: 504 on timeout, 502 otherwise.
void answer_failed_call(request_context& ctx, const std::string& name, const backend_reply& reply);

}  // namespace portico::gateway::patterns
