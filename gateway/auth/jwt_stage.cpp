#include "gateway/auth/jwt_stage.hpp"

#include "gateway/auth/auth_stage.hpp"
#include "gateway/auth/jwt_validator.hpp"
#include "gateway/auth/verified_token_cache.hpp"

#include <algorithm>

namespace portico::gateway {
namespace {

// What a verified token grants, derived from its claims once: what admit() copies into the
// request context, and what the verified-token cache keeps with the token.
struct jwt_grant {
  bool scopes_ok = false;
  std::string subject, client;
  std::vector<std::string> kept;       // values of kept_claims_, same order
  std::vector<std::string> forwarded;  // values of forward_, same order
};

class jwt_stage final : public auth_stage {
 public:
  jwt_stage(const core::jwt_auth_config& config, const core::route_config& route, const core::clock& clock, int threads)
      : validator_(config, clock, unix_offset(clock)),
        cache_(static_cast<std::size_t>(config.cache_size), threads),
        header_(config.header),
        forward_(config.forward_claims.begin(), config.forward_claims.end()),
        required_scopes_(config.required_scopes) {
    // Each claim once: the identity is filled from this list on every request.
    const auto keep = [this](const std::string& claim) {
      if (std::find(kept_claims_.begin(), kept_claims_.end(), claim) == kept_claims_.end()) kept_claims_.push_back(claim);
    };
    keep("sub");
    keep("iss");
    for (const auto& [claim, header] : forward_) keep(claim);
    if (route.rate_limit) {
      for (const std::string& part : route.rate_limit->key) {
        if (part.rfind("claim:", 0) == 0) keep(part.substr(6));
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
    const int thread = ctx.thread_index;
    if (cache_.usable(thread)) {
      if (const auto* hit = cache_.find(thread, token)) {
        const core::time_point now = validator_.now();
        if (validator_.keys_unchanged(hit->facts, now)) {
          cache_.record(thread, true);
          if (auto e = validator_.check_time(hit->facts, now)) {
            cache_.erase(thread, token);
            return reject(ctx, *e);
          }
          return admit(ctx, hit->payload);
        }
        cache_.erase(thread, token);  // verified with a key set that has been replaced since
      }
      cache_.record(thread, false);
    }
    auto result = validator_.validate(token, true);
    if (const auto* e = std::get_if<jwt_error>(&result); e && e->refreshing) {
      // The kid is unknown and the issuer's JWKS is being fetched (a rotation the gateway has
      // not seen yet): wait for that fetch instead of refusing a token that may be good. The
      // context is written from the fetching thread before resume(), as in introspection; that
      // thread has no cache shard (-1).
      resume_handle handle = ctx_resume(ctx);
      std::function<void()> again = [this, &ctx, handle, copy = std::string(token)] {
        handle.resume(decide(ctx, validator_.validate(copy, false), -1, copy));
      };
      if (!e->refreshing->when_refreshed(again)) again();  // it finished meanwhile
      return stage_result::pending();
    }
    return decide(ctx, std::move(result), thread, token);
  }

  counter_list extra_counters() const override {
    counter_list out;
    if (cache_.capacity() > 0) out = {{"token_cache_hits", cache_.hits()}, {"token_cache_misses", cache_.misses()}};
    if (!validator_.fetches_keys()) return out;
    const jwks_counters c = validator_.jwks_totals();
    out.insert(out.end(), {{"jwks_fetches", c.fetches}, {"jwks_fetch_failures", c.fetch_failures}, {"jwks_unknown_kid_fetches", c.unknown_kid_fetches}});
    return out;
  }

 private:
  using token_cache = verified_token_cache<jwt_grant>;

  stage_result decide(request_context& ctx, std::variant<verified_jwt, jwt_error> result, int thread, std::string_view token) const {
    if (const auto* e = std::get_if<jwt_error>(&result)) return reject(ctx, *e);
    const verified_jwt& jwt = std::get<verified_jwt>(result);
    token_cache::entry entry{jwt.facts, grant_of(jwt)};
    const stage_result r = admit(ctx, entry.payload);
    cache_.insert(thread, token, std::move(entry));  // nothing when thread has no shard
    return r;
  }

  stage_result reject(request_context& ctx, const jwt_error& e) const {
    return unauthorized(ctx, "Bearer realm=\"portico\", error=\"invalid_token\", error_description=" + quoted(e.message),
                        "invalid_token", e.code + ": " + e.message);
  }

  jwt_grant grant_of(const verified_jwt& jwt) const {
    jwt_grant g;
    g.scopes_ok = has_scopes(jwt.claims, required_scopes_);
    g.subject = claim_as_text(jwt.claims, "sub");
    g.client = claim_as_text(jwt.claims, "client_id");
    if (g.client.empty()) g.client = claim_as_text(jwt.claims, "azp");
    for (const std::string& claim : kept_claims_) g.kept.push_back(claim_as_text(jwt.claims, claim));
    for (const auto& [claim, header] : forward_) g.forwarded.push_back(claim_as_text(jwt.claims, claim));
    return g;
  }

  stage_result admit(request_context& ctx, const jwt_grant& g) const {
    if (!g.scopes_ok) {
      ctx.response.headers.emplace_back("WWW-Authenticate", forbidden_challenge_);
      return forbidden(ctx, "the token lacks a required scope");
    }
    ctx.who.authenticated = true;
    ctx.who.subject = g.subject;
    ctx.who.client = g.client;
    for (std::size_t i = 0; i < kept_claims_.size(); ++i) ctx.who.claims.emplace_back(kept_claims_[i], g.kept[i]);
    std::size_t i = 0;
    for (const auto& [claim, header] : forward_) ctx.upstream_headers.emplace_back(header, g.forwarded[i++]);
    return accept();
  }

  jwt_validator validator_;
  mutable token_cache cache_;  // per-thread shards: each proxy thread mutates only its own
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
  return std::make_unique<jwt_stage>(config, *c.route, c.clock, c.threads);
}

}  // namespace portico::gateway
