#include "gateway/ratelimit/rate_limit_stage.hpp"

#include "core/net/endpoint.hpp"
#include "gateway/http/forward_head.hpp"
#include "gateway/ratelimit/headers.hpp"
#include "gateway/ratelimit/key_builder.hpp"
#include "gateway/ratelimit/redis/redis_limiter.hpp"
#include "gateway/router/route_request.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <stdexcept>
#include <thread>

namespace portico::gateway {
namespace {

// One thread running the Redis client's io_context for the lifetime of the stage.
class redis_io {
 public:
  redis_io() : guard_(ioc_.get_executor()), thread_([this] { ioc_.run(); }) {}
  ~redis_io() { stop(); }
  // After this no handler runs; objects with I/O on this context may then be destroyed, and must
  // be before the context is.
  void stop() {
    if (!thread_.joinable()) return;
    guard_.reset();
    ioc_.stop();
    thread_.join();
  }
  boost::asio::any_io_executor executor() { return ioc_.get_executor(); }

 private:
  boost::asio::io_context ioc_{1};
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::thread thread_;
};

void apply(request_context& ctx, const decision& d) {
  if (!d.allowed) {
    ctx.response.status = 429;
    ctx.response.body = http::error_body("rate_limited", "rate limit exceeded");
    for_each_rate_limit_header(d, [&](std::string_view name, std::string value) {
      ctx.response.headers.emplace_back(std::string(name), std::move(value));
    });
    return;
  }
  for_each_rate_limit_number(d, [&](std::string_view name, std::int64_t value) { ctx.add_response_number(name, value); });
}

stage_result result_of(const decision& d) {
  if (!d.allowed) return stage_result::respond();
  return d.delay.count() > 0 ? stage_result::delay(d.delay) : stage_result::next();
}

// What a local limiter is handed over with across a reload: the configuration that shapes its
// per-key state (the algorithm and limits, and the keying, which for api_key keys includes where
// the route's api_key auth reads the key). Equal on both sides: the budgets carry on.
struct carried_limiter {
  core::rate_limit_config config;  // source location cleared: moving a route in the file changes nothing
  std::string api_key_header, api_key_query;
  std::shared_ptr<local_rate_limiter> limiter;
  bool same_shape(const carried_limiter& o) const {
    return config == o.config && api_key_header == o.api_key_header && api_key_query == o.api_key_query;
  }
};

// A route's identity across generations: its name, or for an unnamed route its position and
// match (so that a different unnamed route moving into the position does not inherit budgets).
std::string limiter_identity(const stage_build_context& c) {
  std::string id = "rate_limit\n" + c.listener.name + "/";
  if (!c.route->name.empty()) return id + c.route->name;
  const auto& m = c.route->match;
  return id + "#" + std::to_string(c.route_index) + "\n" + m.path + "\n" + m.path_prefix + "\n" + m.path_template + "\n" +
         m.path_regex + "\n" + m.host;
}

std::string route_label(const stage_build_context& c) {
  return c.listener.name + "/" + (c.route->name.empty() ? "#" + std::to_string(c.route_index) : c.route->name);
}

class rate_limit_stage final : public stage {
 public:
  rate_limit_stage(const stage_build_context& c, const core::rate_limit_config& config)
      : keys_(config.key), route_name_(c.route->name) {
    for (const std::string& part : config.key) {
      if (part.rfind("header:", 0) == 0) header_names_.push_back(part.substr(7));
    }
    if (c.route->auth.api_key) {
      api_key_header_ = c.route->auth.api_key->header;
      api_key_query_ = c.route->auth.api_key->query_param;
    }
    if (config.where == core::rate_limit_config::store::local) {
      local_ = local_limiter_for(c, config);
      return;
    }
    if (c.handover && c.handover->previous)
      c.handover->notes.push_back(route_label(c) + ": rate-limit state is in Redis (" + config.redis + "), unaffected by the reload");
    const auto endpoint = net::parse_endpoint(config.redis);
    if (!endpoint) throw std::invalid_argument("rate_limit.redis: not host:port: " + config.redis);
    io_ = std::make_unique<redis_io>();
    redis::client_options o;
    o.endpoint = *endpoint;
    client_ = std::make_shared<redis::client>(io_->executor(), o);
    global_ = std::make_unique<redis_rate_limiter>(config, c.clock, client_, c.listener.name + "/" + route_name_);
  }

  ~rate_limit_stage() override {
    if (!io_) return;
    io_->stop();       // no handler of the client runs any more...
    global_.reset();   // ...so the limiter and client (timers, socket) can go, before their context
    client_.reset();
    io_.reset();
  }

  std::string_view name() const noexcept override { return "rate_limit"; }

  stage_result on_request(request_context& ctx) const override {
    thread_local std::string key;
    thread_local std::vector<name_value> headers, claims;
    headers.clear();
    claims.clear();
    for (const std::string& h : header_names_) headers.emplace_back(h, ctx.headers.get(h));
    for (const auto& [n, v] : ctx.who.claims) claims.emplace_back(n, v);
    request_view view;
    view.client_ip = ctx.client_ip;
    view.api_key = api_key_of(ctx);
    view.client = ctx.who.client;
    view.route = route_name_;
    view.headers = headers;
    view.claims = claims;
    keys_.build_into(view, key);
    if (local_ != nullptr) {
      const decision d = local_->decide(key);
      apply(ctx, d);
      return result_of(d);
    }
    // Global: the context is written from the Redis thread before resume(); the connection does
    // not touch it while pending, and the slot's mutex orders the writes before its reads.
    resume_handle handle = ctx_resume(ctx);
    global_->async_decide(key, 1, [&ctx, handle](const decision& d) {
      apply(ctx, d);
      handle.resume(result_of(d));
    });
    return stage_result::pending();
  }

  const rate_limiter* limiter() const noexcept { return local_ ? static_cast<const rate_limiter*>(local_.get()) : global_.get(); }

 private:
  // The previous generation's limiter when its shape is unchanged (its per-key state carries on),
  // else a new one; noted for the reload's answer either way.
  std::shared_ptr<local_rate_limiter> local_limiter_for(const stage_build_context& c, const core::rate_limit_config& config) const {
    auto entry = std::make_shared<carried_limiter>(carried_limiter{config, api_key_header_, api_key_query_, nullptr});
    entry->config.at = {};
    const std::string id = limiter_identity(c);
    const auto old = c.handover && c.handover->previous ? c.handover->previous->find<carried_limiter>(id) : nullptr;
    if (old && old->same_shape(*entry)) {
      entry->limiter = old->limiter;
      c.handover->notes.push_back(route_label(c) + ": rate-limit state kept (limiter unchanged)");
    } else {
      entry->limiter = make_local_limiter(config, c.clock);
      if (old) c.handover->notes.push_back(route_label(c) + ": rate-limit state reset (limiter configuration changed)");
    }
    if (c.handover) c.handover->next.keep(id, entry);
    return entry->limiter;
  }

  // The key as the route's api_key auth reads it: header first, then the query parameter.
  std::string_view api_key_of(const request_context& ctx) const {
    if (api_key_header_.empty()) return {};
    std::string_view key = ctx.headers.get(api_key_header_);
    if (key.empty() && !api_key_query_.empty() && ctx.request != nullptr) {
      find_query_param(ctx.request->query, api_key_query_, key);
    }
    return key;
  }

  key_builder keys_;
  std::string route_name_;
  std::string api_key_header_;
  std::string api_key_query_;
  std::vector<std::string> header_names_;
  std::unique_ptr<redis_io> io_;
  std::shared_ptr<redis::client> client_;
  std::shared_ptr<local_rate_limiter> local_;  // local store: decided inline; shared with later generations
  std::unique_ptr<rate_limiter> global_;       // Redis store
};

}  // namespace

std::unique_ptr<stage> make_rate_limit_stage(const stage_build_context& c) {
  if (c.route == nullptr || !c.route->rate_limit) return nullptr;
  return std::make_unique<rate_limit_stage>(c, *c.route->rate_limit);
}

const rate_limiter* rate_limit_stage_limiter(const stage& s) noexcept {
  const auto* r = dynamic_cast<const rate_limit_stage*>(&s);
  return r ? r->limiter() : nullptr;
}

std::optional<rate_limit_report> rate_limit_stage_report(const stage& s) {
  const rate_limiter* limiter = rate_limit_stage_limiter(s);
  if (limiter == nullptr) return std::nullopt;
  const limiter_counts c = limiter->counters();
  rate_limit_report r;
  r.limiter = describe(limiter->params());
  r.algorithm = to_string(limiter->params().algo);
  r.global = dynamic_cast<const local_rate_limiter*>(limiter) == nullptr;
  r.allowed = c.allowed;
  r.denied = c.denied;
  r.delayed = c.delayed;
  r.store_errors = c.store_errors;
  return r;
}

}  // namespace portico::gateway
