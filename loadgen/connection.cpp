#include "loadgen/connection.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace portico::loadgen {

namespace {

// OpenSSL's first queued reason (e.g. "certificate verify failed"), or the socket error.
void note_tls_error(connection& c, int ssl_error) noexcept {
  char text[256] = "";
  if (const auto code = ERR_peek_error()) ERR_error_string_n(code, text, sizeof text);
  try {
    if (text[0] != '\0') c.error = text;
    else if (ssl_error == SSL_ERROR_SYSCALL) c.error = errno ? std::strerror(errno) : "unexpected end of stream";
    else c.error = "TLS error " + std::to_string(ssl_error);
    if (c.ssl && SSL_get_verify_result(c.ssl) != X509_V_OK)
      c.error += std::string(" (") + X509_verify_cert_error_string(SSL_get_verify_result(c.ssl)) + ")";
  } catch (...) {  // out of memory: keep the count, lose the detail
  }
  ERR_clear_error();
}

void note_errno(connection& c) noexcept {
  try {
    c.error = std::strerror(errno);
  } catch (...) {
  }
}

ssize_t tls_result(connection& c, int n) noexcept {
  if (n > 0) return n;
  const int e = SSL_get_error(c.ssl, n);
  switch (e) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE: return io_would_block;
    case SSL_ERROR_ZERO_RETURN: return 0;
    default: note_tls_error(c, e); return io_error;
  }
}

}  // namespace

ssize_t read_some(connection& c, char* data, std::size_t size) noexcept {
  if (c.ssl) return tls_result(c, SSL_read(c.ssl, data, static_cast<int>(size)));
  const auto n = ::recv(c.fd, data, size, 0);
  if (n >= 0) return n;
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return io_would_block;
  note_errno(c);
  return io_error;
}

ssize_t write_some(connection& c, const char* data, std::size_t size) noexcept {
  if (c.ssl) return tls_result(c, SSL_write(c.ssl, data, static_cast<int>(size)));
  const auto n = ::send(c.fd, data, size, MSG_NOSIGNAL);
  if (n >= 0) return n;
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return io_would_block;
  note_errno(c);
  return io_error;
}

ssize_t handshake_step(connection& c, bool& wants_write) noexcept {
  const int n = SSL_do_handshake(c.ssl);
  wants_write = false;
  if (n == 1) return 1;
  const int e = SSL_get_error(c.ssl, n);
  if (e == SSL_ERROR_WANT_READ) return io_would_block;
  if (e == SSL_ERROR_WANT_WRITE) {
    wants_write = true;
    return io_would_block;
  }
  note_tls_error(c, e);
  return io_error;
}

void close_transport(connection& c) noexcept {
  if (c.ssl) {
    SSL_free(c.ssl);
    c.ssl = nullptr;
  }
  if (c.fd >= 0) ::close(c.fd);
  c.fd = -1;
  c.state = connection::status::closed;
  c.write_armed = false;
  c.in_free_list = false;
  c.out.clear();
  c.out_offset = 0;
  c.carry.clear();
  c.error.clear();
  c.head = c.count = 0;
}

}  // namespace portico::loadgen
