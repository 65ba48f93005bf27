#pragma once
// The route's auth.api_key stage: takes the key from the configured header, or else from the
// query parameter when one is configured, and looks it up in an api_key_table. A known key sets
// the identity (client and plan, which rate_limit can key on); a missing or unknown key answers
// 401 with `WWW-Authenticate: ApiKey realm="portico", header="X-Api-Key"`.
// Factory for gateway/server/stage_list.cpp (route level): nullptr without auth.api_key.
#include "gateway/pipeline/stage_factory.hpp"

#include <memory>

namespace portico::gateway {

std::unique_ptr<stage> make_api_key_stage(const stage_build_context& context);

}  // namespace portico::gateway
