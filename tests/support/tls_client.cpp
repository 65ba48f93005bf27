#include "tests/support/tls_client.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <stdexcept>

namespace portico::testing {

namespace {
std::string last_openssl_error() {
  std::string text;
  while (const auto code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    text = buf;
  }
  return text;
}
}  // namespace

struct tls_client::impl {
  int fd = -1;
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  std::string pending;
  ~impl() {
    if (ssl) SSL_free(ssl);
    if (ctx) SSL_CTX_free(ctx);
    if (fd >= 0) ::close(fd);
  }
};

tls_client::tls_client(unsigned short port, tls_client_options o) : impl_(std::make_unique<impl>()) {
  auto& i = *impl_;
  i.fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(i.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("tls_client: connect failed");
  timeval tv{static_cast<time_t>(o.timeout.count() / 1000), static_cast<suseconds_t>(o.timeout.count() % 1000 * 1000)};
  ::setsockopt(i.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(i.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);

  i.ctx = SSL_CTX_new(TLS_client_method());
  if (o.min_version) SSL_CTX_ctrl(i.ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, o.min_version, nullptr);
  if (o.max_version) SSL_CTX_ctrl(i.ctx, SSL_CTRL_SET_MAX_PROTO_VERSION, o.max_version, nullptr);
  if (!o.ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(i.ctx, o.ca_file.c_str(), nullptr) != 1) throw std::runtime_error("tls_client: bad ca_file");
    SSL_CTX_set_verify(i.ctx, SSL_VERIFY_PEER, nullptr);
  }
  if (!o.cert_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(i.ctx, o.cert_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(i.ctx, (o.key_file.empty() ? o.cert_file : o.key_file).c_str(), SSL_FILETYPE_PEM) != 1)
      throw std::runtime_error("tls_client: bad client certificate");
  }
  i.ssl = SSL_new(i.ctx);
  SSL_set_fd(i.ssl, i.fd);
  if (!o.server_name.empty())
    SSL_ctrl(i.ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(o.server_name.c_str()));
}

tls_client::~tls_client() = default;

bool tls_client::handshake() {
  ERR_clear_error();
  if (SSL_connect(impl_->ssl) == 1) return true;
  error_ = last_openssl_error();
  if (error_.empty()) error_ = "handshake failed (connection closed)";
  return false;
}

int tls_client::version() const { return SSL_version(impl_->ssl); }

std::string tls_client::server_common_name() const {
  X509* peer = SSL_get0_peer_certificate(impl_->ssl);
  if (peer == nullptr) return {};
  char cn[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof cn);
  return cn;
}

bool tls_client::send(const std::string& request, http_result& failure) {
  ERR_clear_error();
  if (SSL_write(impl_->ssl, request.data(), static_cast<int>(request.size())) > 0) return true;
  failure.what = http_result::outcome::reset;
  error_ = last_openssl_error();
  return false;
}

http_result tls_client::exchange(const std::string& request) {
  http_result failure;
  return send(request, failure) ? read_response() : failure;
}

std::vector<http_result> tls_client::exchange_pipelined(const std::vector<std::string>& requests) {
  std::vector<http_result> out;
  int on = 1, off = 0;
  ::setsockopt(impl_->fd, IPPROTO_TCP, TCP_CORK, &on, sizeof on);
  for (const auto& r : requests) {
    http_result failure;
    if (!send(r, failure)) return {failure};
  }
  ::setsockopt(impl_->fd, IPPROTO_TCP, TCP_CORK, &off, sizeof off);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    out.push_back(read_response());
    if (!out.back().ok()) break;
  }
  return out;
}

http_result tls_client::read_response() {
  auto& i = *impl_;
  http_result result;
  boost::beast::http::response_parser<boost::beast::http::string_body> parser;
  parser.eager(true);
  while (true) {
    if (!i.pending.empty()) {
      boost::system::error_code ec;
      const auto used = parser.put(boost::asio::buffer(i.pending), ec);
      i.pending.erase(0, used);
      if (ec && ec != boost::beast::http::error::need_more) {
        result.what = http_result::outcome::bad_response;
        return result;
      }
      if (parser.is_done()) break;
      if (used > 0 && !i.pending.empty()) continue;
    }
    char buffer[16384];
    const int n = SSL_read(i.ssl, buffer, sizeof buffer);
    if (n > 0) {
      i.pending.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    const int e = SSL_get_error(i.ssl, n);
    error_ = last_openssl_error();
    result.what = e == SSL_ERROR_ZERO_RETURN                                          ? http_result::outcome::closed
                  : e == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK) ? http_result::outcome::timeout
                                                                                     : http_result::outcome::reset;
    return result;
  }
  return finished_response(parser);
}

}  // namespace portico::testing
