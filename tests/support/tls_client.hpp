#pragma once
// A blocking TLS test client over loopback (OpenSSL's C API on a connected socket, with a
// receive timeout), for tests that need to control exactly what the client offers: versions,
// server name, client certificate; and to see what the server chose (version, certificate CN).
#include "tests/support/http_client.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace portico::testing {

struct tls_client_options {
  std::string server_name;  // SNI; empty: none sent
  std::string ca_file;      // verify the server against it; empty: no verification
  std::string cert_file, key_file;  // client certificate
  int min_version = 0;      // TLS1_2_VERSION / TLS1_3_VERSION; 0: OpenSSL's default
  int max_version = 0;
  std::chrono::milliseconds timeout{std::chrono::seconds(5)};
};

class tls_client {
 public:
  tls_client(unsigned short port, tls_client_options options);
  ~tls_client();
  tls_client(const tls_client&) = delete;
  tls_client& operator=(const tls_client&) = delete;

  // True when the handshake completed on the client's side (with TLS 1.3 the server may still
  // refuse the client certificate after that: the next read then fails). error() says why not.
  bool handshake();
  const std::string& error() const noexcept { return error_; }
  int version() const;               // TLS1_2_VERSION, TLS1_3_VERSION
  std::string server_common_name() const;  // the server certificate's subject CN

  // Sends `request` (a whole HTTP/1.1 message) and reads one response; outcome closed/reset when
  // the server ended the connection (a TLS alert included) before a full response.
  http_result exchange(const std::string& request);
  // Each request in its own TLS record, all corked into one TCP send, then the responses in order.
  std::vector<http_result> exchange_pipelined(const std::vector<std::string>& requests);

 private:
  bool send(const std::string& request, http_result& failure);
  http_result read_response();

  struct impl;
  std::unique_ptr<impl> impl_;
  std::string error_;
};

}  // namespace portico::testing
