#pragma once
// The client side of TLS for https:// targets (OpenSSL 3): one SSL_CTX per run, shared by the
// workers (SSL_CTX is thread-safe once configured); one SSL per connection.
#include "core/config/load_config.hpp"

#include <memory>
#include <optional>
#include <string>

using SSL_CTX = struct ssl_ctx_st;

namespace portico::loadgen {

struct ssl_ctx_deleter {
  void operator()(SSL_CTX* ctx) const noexcept;
};
using tls_context = std::unique_ptr<SSL_CTX, ssl_ctx_deleter>;

// Verifies the peer against ca_file (or the system store) unless insecure; presents
// client_cert/client_key when set. nullopt + *error on unreadable files.
std::optional<tls_context> make_tls_context(const core::load_config& config, std::string* error);

}  // namespace portico::loadgen
