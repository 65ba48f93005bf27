#pragma once
// Where a JWT issuer's verification keys come from: an HMAC secret, a PEM public key, or a JWKS
// document (RFC 7517: RSA keys by n/e, EC keys by crv/x/y; "use" other than "sig" and unknown
// "kty" are skipped). Keys embedded in a token (jwk, jku, x5u headers) are never used.
//
// jwt_key_source serves the current set and, for a JWKS file, reloads it when `refresh` has
// passed, or early (at most once a second) when a token names a kid the set does not have: that
// is how a rotated key is picked up. A failed reload keeps the previous keys. Thread-safe: the
// set is an immutable shared_ptr swapped under a mutex.
#include "core/config/policy_config.hpp"
#include "core/time/clock.hpp"
#include "gateway/auth/jws.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace portico::gateway {

using jwt_key_set = std::vector<jwt_key>;

// Throw std::invalid_argument with a reason.
jwt_key load_pem_public_key(std::string_view pem);
jwt_key_set parse_jwks(std::string_view json);

class jwt_key_source {
 public:
  // Loads the issuer's secret, PEM and JWKS file now; throws std::invalid_argument on failure.
  jwt_key_source(const core::jwt_issuer_config& config, core::time_point now);

  std::shared_ptr<const jwt_key_set> keys(core::time_point now);
  // A token named a kid the current set lacks: reload now if allowed, and return the set.
  std::shared_ptr<const jwt_key_set> keys_after_miss(core::time_point now);

 private:
  std::shared_ptr<const jwt_key_set> load() const;
  void reload_locked(core::time_point now);

  core::jwt_issuer_config config_;
  std::mutex mutex_;
  std::shared_ptr<const jwt_key_set> current_;
  core::time_point loaded_at_;
};

}  // namespace portico::gateway
