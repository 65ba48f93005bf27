#pragma once
// Keys and tokens made at test time with OpenSSL: RSA/EC key pairs, their PEM and JWK forms, and
// signed (or deliberately broken) compact JWTs. Nothing is checked in; every run makes fresh keys.
#include "gateway/auth/base64url.hpp"
#include "gateway/auth/jws.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>

#include <gtest/gtest.h>

#include <string>

namespace portico::gateway::testing {

inline jwt_key generate_rsa(std::string kid = "", std::size_t bits = 2048) {
  jwt_key k = jwt_key::asymmetric(std::move(kid), key_family::rsa);
  k.pkey = pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", bits), &EVP_PKEY_free);
  EXPECT_TRUE(k.pkey);
  return k;
}

inline jwt_key generate_ec(const char* curve, std::string kid = "") {
  jwt_key k = jwt_key::asymmetric(std::move(kid), key_family::ec);
  k.curve = curve;
  k.pkey = pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve), &EVP_PKEY_free);
  EXPECT_TRUE(k.pkey);
  return k;
}

inline jwt_key hmac_key(std::string secret, std::string kid = "") { return jwt_key::hmac(std::move(kid), std::move(secret)); }

inline std::string public_pem(const jwt_key& k) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  EXPECT_EQ(PEM_write_bio_PUBKEY(bio.get(), k.pkey.get()), 1);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

inline std::string bn_param(const jwt_key& k, const char* name, int pad = 0) {
  BIGNUM* bn = nullptr;
  EXPECT_EQ(EVP_PKEY_get_bn_param(k.pkey.get(), name, &bn), 1) << name;
  std::string out(static_cast<std::size_t>(pad ? pad : BN_num_bytes(bn)), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
  BN_free(bn);
  return base64url_encode(out);
}

// The public JWK of a key (RSA or EC), with kid and optional alg.
inline std::string jwk_of(const jwt_key& k, const std::string& alg = "") {
  std::string j = "{\"kid\":\"" + k.kid + "\",\"use\":\"sig\"" + (alg.empty() ? "" : ",\"alg\":\"" + alg + "\"");
  if (k.family == key_family::rsa) {
    j += ",\"kty\":\"RSA\",\"n\":\"" + bn_param(k, OSSL_PKEY_PARAM_RSA_N) + "\",\"e\":\"" + bn_param(k, OSSL_PKEY_PARAM_RSA_E) + "\"";
  } else {
    const int size = k.curve == "P-256" ? 32 : 48;
    j += ",\"kty\":\"EC\",\"crv\":\"" + k.curve + "\",\"x\":\"" + bn_param(k, OSSL_PKEY_PARAM_EC_PUB_X, size) +
         "\",\"y\":\"" + bn_param(k, OSSL_PKEY_PARAM_EC_PUB_Y, size) + "\"";
  }
  return j + "}";
}

inline std::string jwks_of(const std::vector<std::string>& jwks) {
  std::string out = "{\"keys\":[";
  for (std::size_t i = 0; i < jwks.size(); ++i) out += (i ? "," : "") + jwks[i];
  return out + "]}";
}

// header and claims are JSON texts; the signature is made with `alg` and `key`.
inline std::string make_token(const std::string& alg, const jwt_key& key, const std::string& header, const std::string& claims) {
  const std::string input = base64url_encode(header) + "." + base64url_encode(claims);
  const jws_algorithm* a = find_jws_algorithm(alg);
  if (a == nullptr) return input + ".";  // e.g. alg none: an empty signature
  const auto sig = jws_sign(*a, key, input);
  EXPECT_TRUE(sig) << alg;
  return input + "." + base64url_encode(sig.value_or(""));
}

}  // namespace portico::gateway::testing
