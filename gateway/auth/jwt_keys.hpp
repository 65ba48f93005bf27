#pragma once
// Where a JWT issuer's verification keys come from: an HMAC secret, a PEM public key, or a JWKS
// document (RFC 7517: RSA keys by n/e, EC keys by crv/x/y; "use" other than "sig" and unknown
// "kty" are skipped). Keys embedded in a token (jwk, jku, x5u headers) are never used.
// jwt_key_source (jwt_key_source.hpp) keeps an issuer's set current.
#include "gateway/auth/jws.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace portico::gateway {

using jwt_key_set = std::vector<jwt_key>;

// Throw std::invalid_argument with a reason.
jwt_key load_pem_public_key(std::string_view pem);
jwt_key_set parse_jwks(std::string_view json);

// The text of a file; throws std::invalid_argument naming `field` when it cannot be read.
std::string read_key_file(const std::string& path, const char* field);

}  // namespace portico::gateway
