#include "gateway/auth/jws.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/hmac.h>
#include <openssl/rsa.h>

#include <array>
#include <vector>

namespace portico::gateway {
namespace {

constexpr std::array<jws_algorithm, 9> algorithms{{
    {"HS256", key_family::hmac, &EVP_sha256, false, "", 0},
    {"HS384", key_family::hmac, &EVP_sha384, false, "", 0},
    {"HS512", key_family::hmac, &EVP_sha512, false, "", 0},
    {"RS256", key_family::rsa, &EVP_sha256, false, "", 0},
    {"RS384", key_family::rsa, &EVP_sha384, false, "", 0},
    {"RS512", key_family::rsa, &EVP_sha512, false, "", 0},
    {"PS256", key_family::rsa, &EVP_sha256, true, "", 0},
    {"ES256", key_family::ec, &EVP_sha256, false, "P-256", 32},
    {"ES384", key_family::ec, &EVP_sha384, false, "P-384", 48},
}};

using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;
using ecdsa_sig_ptr = std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)>;

const unsigned char* bytes(std::string_view s) noexcept { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string hmac(const jws_algorithm& alg, const jwt_key& key, std::string_view input) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(alg.digest(), key.secret.data(), static_cast<int>(key.secret.size()), bytes(input), input.size(), out, &len) ==
      nullptr) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

// Digest-sign/verify context with the JWS padding for RSA.
md_ctx_ptr init(const jws_algorithm& alg, const jwt_key& key, bool sign) {
  md_ctx_ptr ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  const int ok = sign ? EVP_DigestSignInit(ctx.get(), &pctx, alg.digest(), nullptr, key.pkey.get())
                      : EVP_DigestVerifyInit(ctx.get(), &pctx, alg.digest(), nullptr, key.pkey.get());
  if (ok != 1) return {nullptr, &EVP_MD_CTX_free};
  if (alg.pss && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                  EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1 ||
                  EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, alg.digest()) != 1)) {
    return {nullptr, &EVP_MD_CTX_free};
  }
  return ctx;
}

// JOSE r||s (fixed width) <-> DER ECDSA-Sig-Value, which OpenSSL speaks.
std::string raw_to_der(std::string_view raw, std::size_t half) {
  if (raw.size() != 2 * half) return {};
  ecdsa_sig_ptr sig(ECDSA_SIG_new(), &ECDSA_SIG_free);
  BIGNUM* r = BN_bin2bn(bytes(raw), static_cast<int>(half), nullptr);
  BIGNUM* s = BN_bin2bn(bytes(raw.substr(half)), static_cast<int>(half), nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return {};
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return {};
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

std::optional<std::string> der_to_raw(std::string_view der, std::size_t half) {
  const unsigned char* p = bytes(der);
  ecdsa_sig_ptr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())), &ECDSA_SIG_free);
  if (!sig) return std::nullopt;
  std::string raw(2 * half, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, static_cast<int>(half)) < 0 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + half, static_cast<int>(half)) < 0) {
    return std::nullopt;
  }
  return raw;
}

}  // namespace

const jws_algorithm* find_jws_algorithm(std::string_view name) noexcept {
  for (const auto& a : algorithms) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

bool key_fits(const jws_algorithm& alg, const jwt_key& key) noexcept {
  if (key.family != alg.family || (!key.alg.empty() && key.alg != alg.name)) return false;
  switch (alg.family) {
    case key_family::hmac: return !key.secret.empty();
    case key_family::rsa: return key.pkey && EVP_PKEY_get_base_id(key.pkey.get()) == EVP_PKEY_RSA && EVP_PKEY_get_bits(key.pkey.get()) >= 2048;
    case key_family::ec: return key.pkey && EVP_PKEY_get_base_id(key.pkey.get()) == EVP_PKEY_EC && key.curve == alg.curve;
  }
  return false;
}

bool jws_verify(const jws_algorithm& alg, const jwt_key& key, std::string_view input, std::string_view signature) {
  if (!key_fits(alg, key)) return false;
  if (alg.family == key_family::hmac) {
    const std::string expected = hmac(alg, key, input);
    return !expected.empty() && expected.size() == signature.size() &&
           CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) == 0;
  }
  std::string der;
  if (alg.family == key_family::ec) {
    der = raw_to_der(signature, alg.ec_bytes);
    if (der.empty()) return false;
    signature = der;
  }
  const md_ctx_ptr ctx = init(alg, key, false);
  return ctx && EVP_DigestVerify(ctx.get(), bytes(signature), signature.size(), bytes(input), input.size()) == 1;
}

std::optional<std::string> jws_sign(const jws_algorithm& alg, const jwt_key& key, std::string_view input) {
  if (alg.family == key_family::hmac) {
    std::string mac = hmac(alg, key, input);
    return mac.empty() ? std::nullopt : std::optional<std::string>(std::move(mac));
  }
  const md_ctx_ptr ctx = init(alg, key, true);
  std::size_t len = 0;
  if (!ctx || EVP_DigestSign(ctx.get(), nullptr, &len, bytes(input), input.size()) != 1) return std::nullopt;
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, bytes(input), input.size()) != 1) {
    return std::nullopt;
  }
  sig.resize(len);
  return alg.family == key_family::ec ? der_to_raw(sig, alg.ec_bytes) : std::optional<std::string>(std::move(sig));
}

}  // namespace portico::gateway
