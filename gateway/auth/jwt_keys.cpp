#include "gateway/auth/jwt_keys.hpp"

#include "gateway/auth/base64url.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace portico::gateway {
namespace {

namespace json = boost::json;

pkey_ptr own(EVP_PKEY* p) { return pkey_ptr(p, &EVP_PKEY_free); }

std::string jose_curve(std::string_view openssl_group) {
  if (openssl_group == "prime256v1" || openssl_group == "P-256") return "P-256";
  if (openssl_group == "secp384r1" || openssl_group == "P-384") return "P-384";
  return {};
}

std::string member(const json::object& o, std::string_view name) {
  const json::value* v = o.if_contains(name);
  return v && v->is_string() ? std::string(v->get_string()) : std::string{};
}

std::string b64_member(const json::object& o, std::string_view name, std::string_view kid) {
  auto decoded = base64url_decode(member(o, name));
  if (!decoded || decoded->empty()) throw std::invalid_argument("JWKS key '" + std::string(kid) + "': bad or missing " + std::string(name));
  return *decoded;
}

// EVP_PKEY_fromdata for a public key described by the parameters `build` adds.
template <class Build>
pkey_ptr from_params(const char* type, Build build) {
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> bld(OSSL_PARAM_BLD_new(), &OSSL_PARAM_BLD_free);
  std::vector<BIGNUM*> bns;
  const bool built = bld && build(bld.get(), bns);
  std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(built ? OSSL_PARAM_BLD_to_param(bld.get()) : nullptr,
                                                                 &OSSL_PARAM_free);
  for (BIGNUM* bn : bns) BN_free(bn);
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr),
                                                                  &EVP_PKEY_CTX_free);
  EVP_PKEY* pkey = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return nullptr;
  }
  return own(pkey);
}

jwt_key rsa_jwk(const json::object& o, std::string kid) {
  const std::string n = b64_member(o, "n", kid), e = b64_member(o, "e", kid);
  jwt_key key = jwt_key::asymmetric(kid, key_family::rsa);
  key.pkey = from_params("RSA", [&](OSSL_PARAM_BLD* b, std::vector<BIGNUM*>& bns) {
    bns.push_back(BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr));
    bns.push_back(BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr));
    return bns[0] && bns[1] && OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_N, bns[0]) == 1 &&
           OSSL_PARAM_BLD_push_BN(b, OSSL_PKEY_PARAM_RSA_E, bns[1]) == 1;
  });
  if (!key.pkey) throw std::invalid_argument("JWKS key '" + kid + "': not a valid RSA public key");
  return key;
}

jwt_key ec_jwk(const json::object& o, std::string kid) {
  jwt_key key = jwt_key::asymmetric(kid, key_family::ec);
  key.curve = jose_curve(member(o, "crv"));
  const std::size_t size = key.curve == "P-256" ? 32 : key.curve == "P-384" ? 48 : 0;
  if (size == 0) throw std::invalid_argument("JWKS key '" + kid + "': unsupported crv '" + member(o, "crv") + "'");
  const std::string x = b64_member(o, "x", kid), y = b64_member(o, "y", kid);
  if (x.size() != size || y.size() != size) throw std::invalid_argument("JWKS key '" + kid + "': x/y of the wrong size");
  std::string point = "\x04" + x + y;  // SEC 1 uncompressed point
  const char* group = size == 32 ? "prime256v1" : "secp384r1";
  key.pkey = from_params("EC", [&](OSSL_PARAM_BLD* b, std::vector<BIGNUM*>&) {
    return OSSL_PARAM_BLD_push_utf8_string(b, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) == 1 &&
           OSSL_PARAM_BLD_push_octet_string(b, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) == 1;
  });
  if (!key.pkey) throw std::invalid_argument("JWKS key '" + kid + "': not a point on " + key.curve);
  return key;
}

}  // namespace

std::string read_key_file(const std::string& path, const char* field) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument(std::string("auth.jwt.issuers[].") + field + ": cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

jwt_key load_pem_public_key(std::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  EVP_PKEY* raw = bio ? PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (raw == nullptr) throw std::invalid_argument("not a PEM public key (-----BEGIN PUBLIC KEY-----)");
  jwt_key key;
  key.pkey = own(raw);
  if (EVP_PKEY_get_base_id(raw) == EVP_PKEY_RSA) {
    key.family = key_family::rsa;
    return key;
  }
  char group[64] = {};
  if (EVP_PKEY_get_base_id(raw) == EVP_PKEY_EC &&
      EVP_PKEY_get_utf8_string_param(raw, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, nullptr) == 1) {
    key.family = key_family::ec;
    key.curve = jose_curve(group);
    if (!key.curve.empty()) return key;
  }
  throw std::invalid_argument("PEM key: only RSA and EC P-256/P-384 public keys are supported");
}

jwt_key_set parse_jwks(std::string_view text) {
  boost::system::error_code ec;
  const json::value doc = json::parse(text, ec);
  const json::object* root = ec ? nullptr : doc.if_object();
  const json::value* keys = root ? root->if_contains("keys") : nullptr;
  if (!keys || !keys->is_array()) throw std::invalid_argument("JWKS: not a JSON object with a \"keys\" array");
  jwt_key_set out;
  for (const json::value& v : keys->get_array()) {
    const json::object* o = v.if_object();
    if (!o) throw std::invalid_argument("JWKS: a key is not a JSON object");
    const std::string use = member(*o, "use"), kty = member(*o, "kty"), kid = member(*o, "kid");
    if (!use.empty() && use != "sig") continue;  // encryption keys are not for verifying
    jwt_key key;
    if (kty == "RSA") {
      key = rsa_jwk(*o, kid);
    } else if (kty == "EC") {
      key = ec_jwk(*o, kid);
    } else if (kty == "oct") {
      key = jwt_key::hmac(kid, b64_member(*o, "k", kid));
    } else {
      continue;  // OKP and future types: not ours to verify with
    }
    key.alg = member(*o, "alg");
    out.push_back(std::move(key));
  }
  return out;
}

}  // namespace portico::gateway
