#include "loadgen/tls.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace portico::loadgen {

void ssl_ctx_deleter::operator()(SSL_CTX* ctx) const noexcept { SSL_CTX_free(ctx); }

namespace {
std::string openssl_error() {
  char text[256] = "unknown error";
  if (const auto code = ERR_get_error()) ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  return text;
}
}  // namespace

std::optional<tls_context> make_tls_context(const core::load_config& config, std::string* error) {
  tls_context ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) {
    *error = "TLS: " + openssl_error();
    return std::nullopt;
  }
  SSL_CTX_set_mode(ctx.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (config.insecure) {
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  } else {
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    const bool loaded = config.ca_file.empty() ? SSL_CTX_set_default_verify_paths(ctx.get()) == 1
                                               : SSL_CTX_load_verify_locations(ctx.get(), config.ca_file.c_str(), nullptr) == 1;
    if (!loaded) {
      *error = "TLS: cannot load CA file '" + config.ca_file + "': " + openssl_error();
      return std::nullopt;
    }
  }
  if (!config.client_cert.empty()) {
    const auto& key = config.client_key.empty() ? config.client_cert : config.client_key;
    if (SSL_CTX_use_certificate_chain_file(ctx.get(), config.client_cert.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx.get(), key.c_str(), SSL_FILETYPE_PEM) != 1) {
      *error = "TLS: cannot load client certificate '" + config.client_cert + "': " + openssl_error();
      return std::nullopt;
    }
  }
  return ctx;
}

}  // namespace portico::loadgen
