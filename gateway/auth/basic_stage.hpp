#pragma once
// The route's auth.basic stage: "Authorization: Basic base64(user:password)" checked against the
// credentials file (basic_credentials). Missing or wrong: 401 with
// `WWW-Authenticate: Basic realm="<realm>", charset="UTF-8"` (RFC 7617). Right: the identity's
// subject and client are the user name.
// Factory for gateway/server/stage_list.cpp (route level): nullptr without auth.basic.
#include "gateway/pipeline/stage_factory.hpp"

#include <memory>

namespace portico::gateway {

std::unique_ptr<stage> make_basic_stage(const stage_build_context& context);

}  // namespace portico::gateway
