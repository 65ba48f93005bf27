#include "gateway/auth/jwt_stage.hpp"

#include "gateway/auth/auth_stage.hpp"
#include "gateway/auth/jwt_validator.hpp"

#include <algorithm>

namespace portico::gateway {
namespace {

class jwt_stage final : public auth_stage {
 public:
  jwt_stage(const core::jwt_auth_config& config, const core::route_config& route, const core::clock& clock)
      : validator_(config, clock, unix_offset(clock)),
        header_(config.header),
        forward_(config.forward_claims.begin(), config.forward_claims.end()),
        required_scopes_(config.required_scopes) {
    kept_claims_ = {"sub", "iss"};
    for (const auto& [claim, header] : forward_) kept_claims_.push_back(claim);
    if (route.rate_limit) {
      for (const std::string& part : route.rate_limit->key) {
        if (part.rfind("claim:", 0) == 0) kept_claims_.push_back(part.substr(6));
      }
    }
    std::string scopes;
    for (const auto& s : required_scopes_) scopes += (scopes.empty() ? "" : " ") + s;
    forbidden_challenge_ = "Bearer realm=\"portico\", error=\"insufficient_scope\", scope=" + quoted(scopes);
  }

  std::string_view name() const noexcept override { return "jwt"; }

  stage_result on_request(request_context& ctx) const override {
    const std::string_view token = credentials_after(ctx.headers.get(header_), "Bearer");
    if (token.empty()) return unauthorized(ctx, "Bearer realm=\"portico\"", "missing_token", "a bearer token is required");
    auto result = validator_.validate(token, true);
    if (const auto* e = std::get_if<jwt_error>(&result); e && e->refreshing) {
      // The kid is unknown and the issuer's JWKS is being fetched (a rotation the gateway has
      // not seen yet): wait for that fetch instead of refusing a token that may be good. The
      // context is written from the fetching thread before resume(), as in introspection.
      resume_handle handle = ctx_resume(ctx);
      std::function<void()> again = [this, &ctx, handle, copy = std::string(token)] {
        handle.resume(decide(ctx, validator_.validate(copy, false)));
      };
      if (!e->refreshing->when_refreshed(again)) again();  // it finished meanwhile
      return stage_result::pending();
    }
    return decide(ctx, std::move(result));
  }

  counter_list extra_counters() const override {
    if (!validator_.fetches_keys()) return {};
    const jwks_counters c = validator_.jwks_totals();
    return {{"jwks_fetches", c.fetches}, {"jwks_fetch_failures", c.fetch_failures}, {"jwks_unknown_kid_fetches", c.unknown_kid_fetches}};
  }

 private:
  stage_result decide(request_context& ctx, std::variant<verified_jwt, jwt_error> result) const {
    if (const auto* e = std::get_if<jwt_error>(&result)) {
      return unauthorized(ctx, "Bearer realm=\"portico\", error=\"invalid_token\", error_description=" + quoted(e->message),
                          "invalid_token", e->code + ": " + e->message);
    }
    const verified_jwt& jwt = std::get<verified_jwt>(result);
    if (!has_scopes(jwt.claims, required_scopes_)) {
      ctx.response.headers.emplace_back("WWW-Authenticate", forbidden_challenge_);
      return forbidden(ctx, "the token lacks a required scope");
    }
    ctx.who.authenticated = true;
    ctx.who.subject = claim_as_text(jwt.claims, "sub");
    ctx.who.client = claim_as_text(jwt.claims, "client_id");
    if (ctx.who.client.empty()) ctx.who.client = claim_as_text(jwt.claims, "azp");
    for (const std::string& claim : kept_claims_) ctx.who.claims.emplace_back(claim, claim_as_text(jwt.claims, claim));
    for (const auto& [claim, header] : forward_) ctx.upstream_headers.emplace_back(header, claim_as_text(jwt.claims, claim));
    return accept();
  }

  jwt_validator validator_;
  std::string header_;
  std::vector<std::pair<std::string, std::string>> forward_;  // claim -> header
  std::vector<std::string> required_scopes_;
  std::vector<std::string> kept_claims_;  // copied into the identity (rate-limit keys)
  std::string forbidden_challenge_;
};

}  // namespace

std::unique_ptr<stage> make_jwt_stage(const stage_build_context& c) {
  if (c.route == nullptr || !c.route->auth.jwt) return nullptr;
  core::jwt_auth_config config = *c.route->auth.jwt;
  for (auto& issuer : config.issuers) {
    if (!issuer.jwks_url.empty()) issuer.jwks_url = backend_url(issuer.jwks_url, c);  // BACKEND/PATH
  }
  return std::make_unique<jwt_stage>(config, *c.route, c.clock);
}

}  // namespace portico::gateway
