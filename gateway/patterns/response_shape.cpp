#include "gateway/patterns/response_shape.hpp"

#include "gateway/patterns/route_fetch.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <stdexcept>

namespace portico::gateway::patterns {

namespace json = boost::json;

bool shapes_anything(const core::response_shape_config& shape) noexcept {
  return !shape.allow.empty() || !shape.remove.empty() || !shape.rename.empty();
}

std::optional<std::string> shape_json(std::string_view body, const core::response_shape_config& shape) {
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  auto& o = v.get_object();
  if (!shape.allow.empty()) {
    json::object kept;
    for (const auto& key : shape.allow)
      if (auto* m = o.if_contains(key)) kept[key] = std::move(*m);
    o = std::move(kept);
  }
  for (const auto& key : shape.remove) o.erase(key);
  for (const auto& [from, to] : shape.rename) {
    if (auto* m = o.if_contains(from)) {
      auto moved = std::move(*m);
      o.erase(from);
      o[to] = std::move(moved);
    }
  }
  return json::serialize(v);
}

shape_stage::shape_stage(const core::route_config& route, std::shared_ptr<const backend_client> client)
    : shape_(route.shape), client_(std::move(client)) {
  if (route.backends.empty() || !client_->knows(route.backends.front().backend))
    throw std::invalid_argument("route '" + route.name + "': shape needs a backend with instance addresses");
}

stage_result shape_stage::on_request(request_context& ctx) const {
  return fetch_and_respond(ctx, *client_, route_call(ctx), "shape", [this](request_context& c, backend_reply& reply) {
    if (reply.what != backend_reply::outcome::ok) {
      answer_failed_call(c, "shape", reply);
      return;
    }
    c.response.status = reply.status;
    c.response.content_type = reply.content_type;
    auto shaped = shape_json(reply.body, shape_);
    c.response.body = shaped ? std::move(*shaped) : std::move(reply.body);
  });
}

std::unique_ptr<stage> make_shape_stage(const stage_build_context& b) {
  if (!b.route || !shapes_anything(b.route->shape) || b.route->cache.enabled) return nullptr;
  if (!b.backend_addresses) throw std::invalid_argument("shaping needs backend addresses");
  return std::make_unique<shape_stage>(*b.route, std::make_shared<backend_client>(*b.backend_addresses, b.threads));
}

}  // namespace portico::gateway::patterns
