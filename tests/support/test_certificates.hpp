#pragma once
// Certificates made at test time with OpenSSL's C API (P-256 keys, SHA-256, valid from an hour
// ago for `days`): a CA that issues server and client certificates, so TLS tests never depend
// on files that expire or on the openssl command line.
//
//   test_ca ca("Portico Test CA");
//   auto server = ca.issue({.common_name = "localhost", .dns_names = {"localhost"}, .server = true});
//   write_file(dir / "ca.pem", ca.cert_pem());
#include <memory>
#include <string>
#include <vector>

namespace portico::testing {

struct certificate_request {
  std::string common_name;
  std::vector<std::string> dns_names;  // subjectAltName DNS entries
  bool server = false;                 // serverAuth + IP:127.0.0.1 in the SAN; else clientAuth
  int days = 2;
};

struct issued_certificate {
  std::string cert_pem;
  std::string key_pem;
};

class test_ca {
 public:
  explicit test_ca(const std::string& common_name);
  ~test_ca();
  test_ca(const test_ca&) = delete;
  test_ca& operator=(const test_ca&) = delete;

  const std::string& cert_pem() const noexcept { return cert_pem_; }
  issued_certificate issue(const certificate_request& request) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
  std::string cert_pem_;
};

}  // namespace portico::testing
