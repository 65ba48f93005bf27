#include "gateway/server/tls_termination.hpp"

#include "core/net/coro.hpp"
#include "core/util/ascii_case.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace portico::gateway::detail {

namespace ssl = asio::ssl;
using asio::awaitable;

namespace {
constexpr std::size_t max_record_plaintext = 16 * 1024;  // RFC 8446 §5.1
// Any fixed value: OpenSSL refuses to resume sessions of a context that verifies peers without one.
constexpr std::string_view session_id_context = "portico-gateway";

std::string openssl_reason() {
  std::string text;
  while (const auto code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    text = buf;  // the last one is the closest to the caller
  }
  return text.empty() ? "unknown OpenSSL error" : text;
}

// One certificate's context, with the listener-wide settings every context must share.
std::unique_ptr<ssl::context> make_context(const std::string& where, const std::string& cert, const std::string& key,
                                           const core::tls_config& config) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  SSL_CTX* h = ctx->native_handle();
  auto fail = [&](const std::string& what, const std::string& file) {
    throw std::invalid_argument(where + what + " '" + file + "': " + openssl_reason());
  };
  ERR_clear_error();
  SSL_CTX_set_options(h, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_ctrl(h, SSL_CTRL_SET_MIN_PROTO_VERSION, config.min_version == "1.3" ? TLS1_3_VERSION : TLS1_2_VERSION, nullptr);
  if (SSL_CTX_use_certificate_chain_file(h, cert.c_str()) != 1) fail("cert", cert);
  const std::string& key_file = key.empty() ? cert : key;
  if (SSL_CTX_use_PrivateKey_file(h, key_file.c_str(), SSL_FILETYPE_PEM) != 1) fail("key", key_file);
  if (SSL_CTX_check_private_key(h) != 1) fail("key (does not match the certificate)", key_file);
  SSL_CTX_set_session_id_context(h, reinterpret_cast<const unsigned char*>(session_id_context.data()),
                                 static_cast<unsigned>(session_id_context.size()));
  using mode = core::tls_config::client_cert_mode;
  if (config.client_cert != mode::none) {
    if (SSL_CTX_load_verify_locations(h, config.client_ca.c_str(), nullptr) != 1) fail("client_ca", config.client_ca);
    // The CA names go into the CertificateRequest, so a client with several certificates picks the right one.
    if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(config.client_ca.c_str())) SSL_CTX_set_client_CA_list(h, names);
    SSL_CTX_set_verify(h, SSL_VERIFY_PEER | (config.client_cert == mode::required ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0), nullptr);
  }
  return ctx;
}

}  // namespace

struct tls_terminator::impl {
  struct named {
    std::string host;  // without "*." for wildcards
    bool wildcard = false;
    std::unique_ptr<ssl::context> ctx;
  };
  std::unique_ptr<ssl::context> primary;
  std::vector<named> sni;

  SSL_CTX* find(std::string_view name) const {
    for (const auto& n : sni)
      if (!n.wildcard && core::iequals(n.host, name)) return n.ctx->native_handle();
    const auto dot = name.find('.');
    if (dot == 0 || dot == std::string_view::npos) return nullptr;
    for (const auto& n : sni)
      if (n.wildcard && core::iequals(n.host, name.substr(dot + 1))) return n.ctx->native_handle();
    return nullptr;
  }

  static int on_server_name(SSL* s, int*, void* arg) {
    const char* name = SSL_get_servername(s, TLSEXT_NAMETYPE_host_name);
    if (name != nullptr)
      if (SSL_CTX* chosen = static_cast<const impl*>(arg)->find(name)) SSL_set_SSL_CTX(s, chosen);
    return SSL_TLSEXT_ERR_OK;  // unknown names get the default certificate
  }
};

tls_terminator::tls_terminator(const std::string& listener, const core::tls_config& config)
    : config_(config), impl_(std::make_unique<impl>()) {
  const std::string where = "listener '" + listener + "': tls.";
  impl_->primary = make_context(where, config.cert, config.key, config);
  for (std::size_t i = 0; i < config.sni.size(); ++i) {
    const auto& s = config.sni[i];
    impl::named n;
    n.wildcard = s.host.rfind("*.", 0) == 0;
    n.host = n.wildcard ? s.host.substr(2) : s.host;
    n.ctx = make_context(where + "sni[" + std::to_string(i) + "].", s.cert, s.key, config);
    impl_->sni.push_back(std::move(n));
  }
  if (!impl_->sni.empty()) {
    // The SSL_CTX_set_tlsext_servername_* macros, without their C-style casts.
    SSL_CTX* h = impl_->primary->native_handle();
    SSL_CTX_callback_ctrl(h, SSL_CTRL_SET_TLSEXT_SERVERNAME_CB, reinterpret_cast<void (*)()>(&impl::on_server_name));
    SSL_CTX_ctrl(h, SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG, 0, impl_.get());
  }
}

tls_terminator::~tls_terminator() = default;

ssl::context& tls_terminator::context() const noexcept { return *impl_->primary; }

struct tls_stream::impl {
  impl(ssl::context& ctx, asio::ip::tcp::socket& socket) : stream(socket, ctx) {}
  ssl::stream<asio::ip::tcp::socket&> stream;
  std::string scratch;  // coalesced writes
  std::string subject;
  bool established = false;
};

tls_stream::tls_stream(const tls_terminator& terminator, asio::ip::tcp::socket& socket)
    : impl_(std::make_unique<impl>(terminator.context(), socket)) {}

tls_stream::~tls_stream() = default;

namespace {
// The verified peer certificate's subject CN, or its one-line DN; "" without one. The value goes
// into an upstream request header, so control bytes never pass.
std::string verified_subject(SSL* s) {
  X509* peer = SSL_get0_peer_certificate(s);
  if (peer == nullptr || SSL_get_verify_result(s) != X509_V_OK) return {};
  X509_NAME* name = X509_get_subject_name(peer);
  std::string out;
  const int at = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (at >= 0) {
    unsigned char* utf8 = nullptr;
    const int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at)));
    if (n > 0) out.assign(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(n));
    OPENSSL_free(utf8);
  }
  if (out.empty()) {
    std::array<char, 512> line{};
    X509_NAME_oneline(name, line.data(), static_cast<int>(line.size()));
    out = line.data();
  }
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}
}  // namespace

awaitable<boost::system::error_code> tls_stream::handshake() {
  auto [ec] = co_await impl_->stream.async_handshake(ssl::stream_base::server, nothrow);
  if (!ec) {
    impl_->established = true;
    impl_->subject = verified_subject(impl_->stream.native_handle());
  }
  co_return ec;
}

awaitable<tls_stream::io_result> tls_stream::read_some(asio::mutable_buffer into) {
  co_return co_await impl_->stream.async_read_some(into, nothrow);
}

awaitable<tls_stream::io_result> tls_stream::write(asio::const_buffer a, asio::const_buffer b) {
  if (b.size() == 0) co_return co_await asio::async_write(impl_->stream, a, nothrow);
  if (a.size() == 0) co_return co_await asio::async_write(impl_->stream, b, nothrow);
  if (a.size() + b.size() <= max_record_plaintext) {
    auto& s = impl_->scratch;
    s.assign(static_cast<const char*>(a.data()), a.size());
    s.append(static_cast<const char*>(b.data()), b.size());
    co_return co_await asio::async_write(impl_->stream, asio::buffer(s), nothrow);
  }
  const std::array<asio::const_buffer, 2> both{a, b};
  co_return co_await asio::async_write(impl_->stream, both, nothrow);
}

awaitable<void> tls_stream::close_notify() {
  if (!impl_->established) co_return;
  impl_->established = false;
  // With the peer's close_notify marked as received, SSL_shutdown completes once ours is sent:
  // a client that never answers cannot keep the connection open.
  SSL* s = impl_->stream.native_handle();
  SSL_set_shutdown(s, SSL_get_shutdown(s) | SSL_RECEIVED_SHUTDOWN);
  co_await impl_->stream.async_shutdown(nothrow);
}

const std::string& tls_stream::client_subject() const noexcept { return impl_->subject; }

bool tls_stream::tls13() const noexcept { return SSL_version(impl_->stream.native_handle()) == TLS1_3_VERSION; }

bool tls_stream::resumed() const noexcept { return SSL_session_reused(impl_->stream.native_handle()) == 1; }

}  // namespace portico::gateway::detail
