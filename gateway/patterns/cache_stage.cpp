#include "gateway/patterns/cache_stage.hpp"

#include "gateway/patterns/response_shape.hpp"
#include "gateway/patterns/route_fetch.hpp"

#include <stdexcept>

namespace portico::gateway::patterns {

namespace {
constexpr auto relaxed = std::memory_order_relaxed;

bool has_directive(std::string_view cc, std::string_view name) {
  // Good enough for the request side: a bypass on a false positive only costs a miss.
  for (std::size_t at = 0; (at = cc.find(name, at)) != std::string_view::npos; at += name.size()) {
    const bool start = at == 0 || cc[at - 1] == ',' || cc[at - 1] == ' ';
    const auto end = at + name.size();
    if (start && (end == cc.size() || cc[end] == ',' || cc[end] == ' ' || cc[end] == '=')) return true;
  }
  return false;
}
}  // namespace

cache_stage::cache_stage(const core::route_config& route, std::shared_ptr<const backend_client> client)
    : config_(route.cache), shape_(route.shape), client_(std::move(client)),
      store_(static_cast<std::size_t>(route.cache.max_entries), static_cast<std::size_t>(route.cache.max_bytes)) {
  if (route.backends.empty() || !client_->knows(route.backends.front().backend))
    throw std::invalid_argument("route '" + route.name + "': cache needs a backend with instance addresses");
}

std::string cache_stage::key_of(const request_context& ctx) const {
  std::string key(ctx.request->method);
  key.append(" ").append(upstream_target(ctx));
  for (const auto& h : config_.key_headers) key.append("\n").append(h).append(":").append(ctx.headers.get(h));
  return key;
}

stage_result cache_stage::on_request(request_context& ctx) const {
  const auto method = ctx.request->method;
  if (method != "GET" && method != "HEAD") return stage_result::next();
  const auto request_cc = ctx.headers.get("cache-control");
  if (has_directive(request_cc, "no-cache") || has_directive(request_cc, "no-store")) {
    bypassed_.fetch_add(1, relaxed);
    return stage_result::next();
  }
  auto key = key_of(ctx);
  const auto now = ctx.clock->now();
  if (auto hit = store_.get(key, now)) {
    hits_.fetch_add(1, relaxed);
    ctx.response.status = hit->status;
    ctx.response.content_type = hit->content_type;
    ctx.response.body = method == "HEAD" ? std::string{} : std::move(hit->body);
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - hit->stored).count();
    ctx.response.headers.emplace_back("Age", std::to_string(age));
    ctx.response.headers.emplace_back("X-Cache", "HIT");
    return stage_result::respond();
  }
  misses_.fetch_add(1, relaxed);
  auto call = route_call(ctx);
  return fetch_and_respond(ctx, *client_, std::move(call), "cache_fill",
                           [this, key = std::move(key)](request_context& c, backend_reply& reply) {
                             if (reply.what != backend_reply::outcome::ok) {
                               answer_failed_call(c, "cache_fill", reply);
                               return;
                             }
                             c.response.status = reply.status;
                             c.response.content_type = reply.content_type;
                             if (!reply.cache_control.empty()) c.response.headers.emplace_back("Cache-Control", reply.cache_control);
                             c.response.headers.emplace_back("X-Cache", "MISS");
                             if (shapes_anything(shape_))
                               if (auto shaped = shape_json(reply.body, shape_)) reply.body = std::move(*shaped);
                             const auto lifetime = freshness_lifetime(reply.cache_control, reply.status, config_.ttl);
                             const auto received = c.clock->now();
                             if (lifetime && store_.put(key, {reply.status, reply.content_type, reply.body, received, received + *lifetime}))
                               stores_.fetch_add(1, relaxed);
                             else
                               uncacheable_.fetch_add(1, relaxed);
                             c.response.body = c.request->method == "HEAD" ? std::string{} : std::move(reply.body);
                           });
}

cache_counters cache_stage::counters() const {
  const auto s = store_.current();
  return {hits_.load(relaxed), misses_.load(relaxed), stores_.load(relaxed), uncacheable_.load(relaxed), bypassed_.load(relaxed),
          s.evictions, s.entries, s.bytes};
}

std::unique_ptr<stage> make_cache_stage(const stage_build_context& b) {
  if (!b.route || !b.route->cache.enabled) return nullptr;
  if (!b.backend_addresses) throw std::invalid_argument("cache needs backend addresses");
  return std::make_unique<cache_stage>(*b.route, std::make_shared<backend_client>(*b.backend_addresses, b.threads));
}

}  // namespace portico::gateway::patterns
