#pragma once
// The route's auth.mtls stage: client certificates as an auth method. The listener's TLS layer
// verified the certificate during the handshake (tls.client_cert: optional or required), so here
// only its presence and subject matter: none -> 401 with `WWW-Authenticate: ClientCertificate
// realm="portico"` (no registered scheme exists; the name tells a client what to present);
// a subject CN outside `subjects` -> 403. Accepted: the identity's subject and client are the
// CN (so rate_limit key `client` counts per certificate), and `forward_subject` carries it
// upstream, replacing any such header the client sent.
// Factory for gateway/server/stage_list.cpp (route level): nullptr without auth.mtls.
#include "gateway/pipeline/stage_factory.hpp"

#include <memory>

namespace portico::gateway {

std::unique_ptr<stage> make_mtls_stage(const stage_build_context& context);

}  // namespace portico::gateway
