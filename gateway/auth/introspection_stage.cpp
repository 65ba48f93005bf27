#include "gateway/auth/introspection_stage.hpp"

#include "gateway/auth/auth_stage.hpp"
#include "gateway/auth/introspection_cache.hpp"
#include "gateway/auth/introspection_client.hpp"
#include "gateway/http/forward_head.hpp"

#include <algorithm>

namespace portico::gateway {
namespace {

class introspection_stage final : public auth_stage {
 public:
  introspection_stage(const core::introspection_auth_config& config, const std::string& url, const core::clock& clock)
      : clock_(clock),
        unix_offset_(unix_offset(clock)),
        required_scopes_(config.required_scopes),
        cache_(config.cache_ttl, config.cache_size),
        client_(url, config.client_id, config.client_secret) {}

  std::string_view name() const noexcept override { return "introspection"; }

  stage_result on_request(request_context& ctx) const override {
    const std::string_view token = credentials_after(ctx.headers.get("Authorization"), "Bearer");
    if (token.empty()) return unauthorized(ctx, "Bearer realm=\"portico\"", "missing_token", "a bearer token is required");
    if (auto cached = cache_.find(token, clock_.now())) return decide(ctx, *cached);
    // The context is written from the client's thread before resume(); the connection does not
    // touch it while pending, and the slot's mutex orders those writes before its reads.
    resume_handle handle = ctx_resume(ctx);
    client_.async_introspect(token, [this, &ctx, handle, key = std::string(token)](introspection_answer answer) {
      std::optional<introspection_result> result;
      if (answer.status == 200) result = parse_introspection(answer.body);
      if (!result) {
        ctx.response.status = 503;
        ctx.response.body = http::error_body("introspection_unavailable", "the token could not be checked");
        handle.resume(stage_result::respond());
        return;
      }
      const core::time_point now = clock_.now();
      cache_.store(key, *result, now, std::chrono::duration_cast<std::chrono::seconds>(now.since_epoch + unix_offset_).count());
      handle.resume(decide(ctx, *result));
    });
    return stage_result::pending();
  }

 private:
  stage_result decide(request_context& ctx, const introspection_result& r) const {
    if (!r.active) {
      return unauthorized(ctx, "Bearer realm=\"portico\", error=\"invalid_token\"", "invalid_token", "the token is not active");
    }
    for (const std::string& scope : required_scopes_) {
      if (std::find(r.scopes.begin(), r.scopes.end(), scope) == r.scopes.end()) {
        ctx.response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"portico\", error=\"insufficient_scope\"");
        return forbidden(ctx, "the token lacks a required scope");
      }
    }
    ctx.who.authenticated = true;
    ctx.who.subject = r.subject;
    ctx.who.client = r.client;
    return accept();
  }

  const core::clock& clock_;
  core::nanos unix_offset_;
  std::vector<std::string> required_scopes_;
  mutable introspection_cache cache_;
  mutable introspection_client client_;
};

}  // namespace

std::unique_ptr<stage> make_introspection_stage(const stage_build_context& c) {
  if (c.route == nullptr || !c.route->auth.introspection) return nullptr;
  const auto& config = *c.route->auth.introspection;
  return std::make_unique<introspection_stage>(config, backend_url(config.endpoint, c), c.clock);
}

}  // namespace portico::gateway
