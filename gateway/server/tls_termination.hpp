#pragma once
// Internal to gateway/server: TLS termination on a listener (OpenSSL through Asio's ssl::stream).
//
// tls_terminator: built once at start from the listener's `tls` block: one SSL_CTX per
// certificate (the default one and one per SNI entry). The server-name callback moves a
// connection to the entry its ClientHello names (exact, then "*.suffix"); other names and
// clients without SNI get the default certificate, as nginx's default server does. Every
// context carries the same version floor and client-certificate policy, because a connection
// keeps the first context's verify settings but uses the chosen one's trust store. Immutable
// after construction; OpenSSL contexts are safe to share between threads once configured.
//
// tls_stream: one connection's TLS over the session's own socket (held by reference), so the
// session's deadline sweep, drain and abort keep working by cancelling or closing that socket;
// a cancelled socket operation ends the TLS operation waiting on it. Not thread-safe: one
// session's coroutine uses it, one operation at a time.
//
// Asio's SSL headers stay in tls_termination.cpp: the rest of the gateway does not compile them.
#include "core/config/gateway_config.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>
#include <string>
#include <tuple>

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace portico::gateway::detail {

class tls_terminator {
 public:
  // Throws std::invalid_argument naming the listener, the field and OpenSSL's reason when a
  // certificate, key or CA file cannot be used (unreadable, not PEM, key not matching).
  tls_terminator(const std::string& listener, const core::tls_config& config);
  ~tls_terminator();
  tls_terminator(const tls_terminator&) = delete;
  tls_terminator& operator=(const tls_terminator&) = delete;

  const core::tls_config& config() const noexcept { return config_; }
  boost::asio::ssl::context& context() const noexcept;  // the default certificate's (with the SNI callback)

 private:
  struct impl;
  core::tls_config config_;
  std::unique_ptr<impl> impl_;
};

class tls_stream {
 public:
  using io_result = std::tuple<boost::system::error_code, std::size_t>;

  tls_stream(const tls_terminator& terminator, boost::asio::ip::tcp::socket& socket);
  ~tls_stream();
  tls_stream(const tls_stream&) = delete;
  tls_stream& operator=(const tls_stream&) = delete;

  boost::asio::awaitable<boost::system::error_code> handshake();
  boost::asio::awaitable<io_result> read_some(boost::asio::mutable_buffer into);
  // Writes `a` then `b` (either may be empty). A pair that fits one TLS record goes as one, so a
  // response head and a small body cost one record and one send, as with plain TCP's gather write.
  boost::asio::awaitable<io_result> write(boost::asio::const_buffer a, boost::asio::const_buffer b = {});
  // Sends close_notify after a completed handshake (without waiting for the peer's): clients
  // reading a close-delimited body tell the end from a truncation by it.
  boost::asio::awaitable<void> close_notify();

  // After a successful handshake: the verified client certificate's subject CN (its full
  // one-line DN when it has no CN; control bytes replaced by '?'), "" without a certificate.
  const std::string& client_subject() const noexcept;
  bool tls13() const noexcept;
  bool resumed() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace portico::gateway::detail
