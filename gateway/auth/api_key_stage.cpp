#include "gateway/auth/api_key_stage.hpp"

#include "gateway/auth/api_key_table.hpp"
#include "gateway/auth/auth_stage.hpp"
#include "gateway/router/route_request.hpp"

namespace portico::gateway {
namespace {

class api_key_stage final : public auth_stage {
 public:
  explicit api_key_stage(const core::api_key_auth_config& config)
      : table_(config),
        header_(config.header),
        query_param_(config.query_param),
        // A non-standard scheme: no registered one fits, and a client needs to learn where to
        // put the key.
        challenge_("ApiKey realm=\"portico\", header=" + quoted(config.header)) {}

  std::string_view name() const noexcept override { return "api_key"; }

  stage_result on_request(request_context& ctx) const override {
    std::string_view key = ctx.headers.get(header_);
    if (key.empty() && !query_param_.empty() && ctx.request != nullptr) {
      find_query_param(ctx.request->query, query_param_, key);
    }
    if (key.empty()) return unauthorized(ctx, challenge_, "missing_api_key", "an API key is required");
    const api_key_client* client = table_.find(key);
    if (client == nullptr) return unauthorized(ctx, challenge_, "invalid_api_key", "the API key is not valid");
    ctx.who.authenticated = true;
    ctx.who.client = client->client;
    ctx.who.subject = client->client;
    ctx.who.plan = client->plan;
    return accept();
  }

 private:
  api_key_table table_;
  std::string header_;
  std::string query_param_;
  std::string challenge_;
};

}  // namespace

std::unique_ptr<stage> make_api_key_stage(const stage_build_context& c) {
  if (c.route == nullptr || !c.route->auth.api_key) return nullptr;
  return std::make_unique<api_key_stage>(*c.route->auth.api_key);
}

}  // namespace portico::gateway
