#pragma once
// The route's auth.introspection stage (RFC 7662): a bearer token is looked up in the
// introspection cache, or else POSTed to the endpoint while the request waits (pending(), resumed
// from the introspection client's thread). Inactive token: 401 (Bearer, invalid_token); active
// without a required scope: 403; endpoint unreachable or answering nonsense: 503, not cached.
// Active: the identity gets sub and client_id. The endpoint is an http://IP:PORT/PATH URL, or
// BACKEND/PATH naming a scenario backend (its first instance), e.g. a mock playing the IdP.
// Factory for gateway/server/stage_list.cpp (route level): nullptr without auth.introspection.
#include "gateway/pipeline/stage_factory.hpp"

#include <memory>

namespace portico::gateway {

std::unique_ptr<stage> make_introspection_stage(const stage_build_context& context);

}  // namespace portico::gateway
