#include "loadgen/connection.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace portico::loadgen {

namespace {

ssize_t tls_result(connection& c, int n) noexcept {
  if (n > 0) return n;
  switch (SSL_get_error(c.ssl, n)) {
    case SSL_ERROR_WANT_READ:
    case SSL_ERROR_WANT_WRITE: return io_would_block;
    case SSL_ERROR_ZERO_RETURN: return 0;
    default: ERR_clear_error(); return io_error;
  }
}

}  // namespace

ssize_t read_some(connection& c, char* data, std::size_t size) noexcept {
  if (c.ssl) return tls_result(c, SSL_read(c.ssl, data, static_cast<int>(size)));
  const auto n = ::recv(c.fd, data, size, 0);
  if (n >= 0) return n;
  return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? io_would_block : io_error;
}

ssize_t write_some(connection& c, const char* data, std::size_t size) noexcept {
  if (c.ssl) return tls_result(c, SSL_write(c.ssl, data, static_cast<int>(size)));
  const auto n = ::send(c.fd, data, size, MSG_NOSIGNAL);
  if (n >= 0) return n;
  return (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) ? io_would_block : io_error;
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
  ERR_clear_error();
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
  c.head = c.count = 0;
}

}  // namespace portico::loadgen
