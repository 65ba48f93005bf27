#pragma once
// The route's auth.jwt stage: reads "Bearer <token>" from the configured header, validates it
// (jwt_validator), then checks required_scopes. Invalid or missing: 401 with
// `WWW-Authenticate: Bearer realm="portico"[, error="invalid_token", error_description=...]`
// (RFC 6750 §3). Valid without a required scope: 403 with error="insufficient_scope".
// Valid: the identity gets sub, client (client_id or azp) and the claims rate_limit keys on;
// forward_claims become upstream request headers, replacing any the client sent (so they cannot
// be forged), empty when the token lacks the claim.
// Each proxy thread remembers up to auth.jwt.cache_size verified tokens (verified_token_cache):
// a repeated token skips the signature check and the JSON parsing, while exp/nbf are checked
// on every request and a replaced key set (JWKS rotation) forces a full verification. Its hits
// and misses are the stage's token_cache_hits / token_cache_misses counters.
// Factory for gateway/server/stage_list.cpp (route level): nullptr without auth.jwt.
#include "gateway/pipeline/stage_factory.hpp"

#include <memory>

namespace portico::gateway {

std::unique_ptr<stage> make_jwt_stage(const stage_build_context& context);

}  // namespace portico::gateway
