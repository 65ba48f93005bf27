#include "gateway/server/routing_stage.hpp"

namespace portico::gateway {

stage_result routing_stage::on_request(request_context& ctx) const {
  const auto match = routes_.match(ctx.routing_view());
  if (!match) {
    ctx.response.status = 404;
    ctx.response.content_type = "application/json";
    ctx.response.body = not_found_body(ctx.request->method, ctx.request->path);
    return stage_result::respond();
  }
  ctx.routed = true;
  ctx.route_index = match->route_index;
  ctx.route = &routes_.route(match->route_index);
  ctx.captures = match->captures;
  ctx.upstream_path = routes_.rewrite_path(*match, ctx.request->path);
  return stage_result::next();
}

}  // namespace portico::gateway
