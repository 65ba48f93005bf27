#pragma once
// Validates a JWS compact-serialised JWT (RFC 7515/7519) against the configured issuers:
//   - exactly three segments, each strict base64url (no padding, canonical); header and payload
//     JSON objects;
//   - alg a supported algorithm ("none" and anything unknown rejected) and on the token issuer's
//     allow-list; no "crit" header (no extension is understood, RFC 7515 §4.1.11);
//   - a key of the issuer that fits alg (family, curve, JWK alg; selected by kid when given)
//     verifies the signature: an HMAC token never meets an RSA public key;
//   - exp, nbf (numbers, with the configured leeway), iss (one of the issuers), aud (one of the
//     issuer's audiences, when it lists any).
// Scopes are checked separately (has_scopes) because missing ones answer 403, not 401.
// Time: unix_now() = clock.now() + offset, the offset fixed at construction, so tests and the
// simulator drive expiry with their own clock. Thread-safe.
#include "core/config/policy_config.hpp"
#include "gateway/auth/jwt_key_source.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace portico::gateway {

struct jwt_error {
  std::string code;     // malformed, unsupported_alg, crit, bad_signature, unknown_key, expired,
                        // not_yet_valid, wrong_issuer, wrong_audience
  std::string message;  // for the JSON error body; never echoes the token
  // unknown_key while the issuer's JWKS is being fetched (e.g. the fetch this very token's kid
  // started): wait for it with refreshing->when_refreshed() and validate again with may_wait false.
  jwt_key_source* refreshing = nullptr;
};

// What it takes to re-check a verified token later without verifying it again (a cache of
// verified tokens keeps this): the issuer whose key verified it, the generation of that key set
// (read before the set, so never newer than it), and its validity window.
struct token_facts {
  std::size_t issuer = 0;  // index into the configured issuers
  std::uint64_t key_generation = 0;
  std::optional<std::int64_t> expires_ns, not_before_ns;  // Unix time of exp and nbf, when present
};

struct verified_jwt {
  boost::json::object header;
  boost::json::object claims;
  token_facts facts;
};

class jwt_validator {
 public:
  // unix_offset: add to clock.now() to get Unix time. Throws std::invalid_argument for an
  // issuer without usable keys or naming an unsupported algorithm.
  jwt_validator(const core::jwt_auth_config& config, const core::clock& clock, core::nanos unix_offset);
  ~jwt_validator();

  std::variant<verified_jwt, jwt_error> validate(std::string_view token, bool may_wait = false) const;
  // For a token validate() accepted earlier, at `now` (a reading of the injected clock, now()):
  // nullopt while its exp/nbf (with the leeway) still hold, else the error validate() would give
  // (expired, not_yet_valid).
  std::optional<jwt_error> check_time(const token_facts& facts, core::time_point now) const;
  // Whether the issuer's key set is still the one that verified the token (false after any
  // replacement, e.g. a JWKS rotation). Starts a due JWKS refresh, as validate() would.
  bool keys_unchanged(const token_facts& facts, core::time_point now) const;
  core::time_point now() const { return clock_.now(); }
  // Summed over the issuers whose keys come from a JWKS file or URL.
  jwks_counters jwks_totals() const;
  bool fetches_keys() const noexcept;

 private:
  struct issuer;
  const issuer* find_issuer(const boost::json::object& claims) const;
  std::variant<verified_jwt, jwt_error> check_claims(const issuer& iss, verified_jwt token) const;

  std::vector<std::unique_ptr<issuer>> issuers_;
  core::nanos leeway_;
  const core::clock& clock_;
  core::nanos unix_offset_;
};

// Scopes granted by a token: "scope" (space-separated, RFC 8693/9068) and "scp" (string or array).
bool has_scopes(const boost::json::object& claims, const std::vector<std::string>& required);

// A claim as a header value: strings as they are, other JSON as serialised; "" when absent or
// when it contains a control character (it would break the request head).
std::string claim_as_text(const boost::json::object& claims, std::string_view name);

}  // namespace portico::gateway
