#pragma once
// JWS signature algorithms (RFC 7518 §3) over OpenSSL 3: HS256/384/512, RS256/384/512, PS256,
// ES256/384. "none" is not an algorithm here: it has no entry, so nothing can accept it.
// A key belongs to one family and an algorithm only ever uses a key of its own family and curve,
// which is what rules out algorithm confusion (an HS256 token "signed" with an RSA public key).
// Pure functions of their inputs; thread-safe.
#include <openssl/evp.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace portico::gateway {

enum class key_family { hmac, rsa, ec };

using pkey_ptr = std::shared_ptr<EVP_PKEY>;  // shared: key sets are swapped while in use

// One verification (or, in tests and tools, signing) key.
struct jwt_key {
  std::string kid;
  key_family family = key_family::hmac;
  std::string secret;       // hmac
  pkey_ptr pkey;            // rsa, ec
  std::string curve;        // ec: "P-256", "P-384"
  std::string alg;          // from a JWK's "alg": the key is for that algorithm only ("" = any)

  static jwt_key hmac(std::string kid, std::string secret) {
    jwt_key k;
    k.kid = std::move(kid);
    k.secret = std::move(secret);
    return k;
  }
  static jwt_key asymmetric(std::string kid, key_family family, pkey_ptr pkey = nullptr, std::string curve = "") {
    jwt_key k;
    k.kid = std::move(kid);
    k.family = family;
    k.pkey = std::move(pkey);
    k.curve = std::move(curve);
    return k;
  }
};

struct jws_algorithm {
  std::string_view name;
  key_family family;
  const EVP_MD* (*digest)();
  bool pss = false;             // RSASSA-PSS, salt length = digest length (RFC 7518 §3.5)
  std::string_view curve;       // ecdsa
  std::size_t ec_bytes = 0;     // ecdsa: size of r and of s in the raw JOSE signature
};

// nullptr for "none" and every unsupported name (compared exactly: "hs256" is not HS256).
const jws_algorithm* find_jws_algorithm(std::string_view name) noexcept;

// Whether `key` may be used with `alg` at all: family, curve, the JWK's own alg, RSA >= 2048 bits.
bool key_fits(const jws_algorithm& alg, const jwt_key& key) noexcept;

// True iff `signature` is a valid signature of `input` by `key` (which must fit `alg`).
bool jws_verify(const jws_algorithm& alg, const jwt_key& key, std::string_view input, std::string_view signature);

// Signs with a private key (hmac: the secret); nullopt on an OpenSSL failure. The ECDSA result
// is the raw r||s form JWS uses, not DER.
std::optional<std::string> jws_sign(const jws_algorithm& alg, const jwt_key& key, std::string_view input);

}  // namespace portico::gateway
