#include "tests/support/test_certificates.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <stdexcept>

namespace portico::testing {

namespace {

struct key_deleter {
  void operator()(EVP_PKEY* k) const noexcept { EVP_PKEY_free(k); }
};
struct cert_deleter {
  void operator()(X509* x) const noexcept { X509_free(x); }
};
using key_ptr = std::unique_ptr<EVP_PKEY, key_deleter>;
using cert_ptr = std::unique_ptr<X509, cert_deleter>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test certificate: ") + what + " failed");
}

key_ptr new_key() {
  key_ptr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  check(key != nullptr, "EC key generation");
  return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  check(ext != nullptr, "extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `key` named `cn`, issued by `issuer` (itself when null); signed by the caller.
cert_ptr make_cert(EVP_PKEY* key, const std::string& cn, X509* issuer, int days) {
  static std::atomic<long> serial{1000};
  cert_ptr cert(X509_new());
  check(cert != nullptr, "X509_new");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400L * days);
  check(X509_set_pubkey(cert.get(), key) == 1, "set_pubkey");
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
  return cert;
}

std::string pem_of(X509* cert) {
  BIO* mem = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(mem, cert);
  char* data = nullptr;
  const long n = BIO_ctrl(mem, BIO_CTRL_INFO, 0, &data);
  std::string out(data, static_cast<std::size_t>(n));
  BIO_free(mem);
  return out;
}

std::string pem_of(EVP_PKEY* key) {
  BIO* mem = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(mem, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long n = BIO_ctrl(mem, BIO_CTRL_INFO, 0, &data);
  std::string out(data, static_cast<std::size_t>(n));
  BIO_free(mem);
  return out;
}

}  // namespace

struct test_ca::impl {
  key_ptr key;
  cert_ptr cert;
};

test_ca::test_ca(const std::string& common_name) : impl_(std::make_unique<impl>()) {
  impl_->key = new_key();
  impl_->cert = make_cert(impl_->key.get(), common_name, nullptr, 30);
  X509* c = impl_->cert.get();
  add_extension(c, c, NID_basic_constraints, "critical,CA:TRUE");
  add_extension(c, c, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(c, c, NID_subject_key_identifier, "hash");
  check(X509_sign(c, impl_->key.get(), EVP_sha256()) > 0, "CA signature");
  cert_pem_ = pem_of(c);
}

test_ca::~test_ca() = default;

issued_certificate test_ca::issue(const certificate_request& r) const {
  key_ptr key = new_key();
  cert_ptr cert = make_cert(key.get(), r.common_name, impl_->cert.get(), r.days);
  X509* c = cert.get();
  add_extension(c, impl_->cert.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_extension(c, impl_->cert.get(), NID_key_usage, "critical,digitalSignature");
  add_extension(c, impl_->cert.get(), NID_ext_key_usage, r.server ? "serverAuth" : "clientAuth");
  add_extension(c, impl_->cert.get(), NID_authority_key_identifier, "keyid");
  std::string san;
  for (const auto& d : r.dns_names) san += (san.empty() ? "DNS:" : ",DNS:") + d;
  if (r.server) san += san.empty() ? "IP:127.0.0.1" : ",IP:127.0.0.1";
  if (!san.empty()) add_extension(c, impl_->cert.get(), NID_subject_alt_name, san);
  check(X509_sign(c, impl_->key.get(), EVP_sha256()) > 0, "signature");
  return {pem_of(c), pem_of(key.get())};
}

}  // namespace portico::testing
