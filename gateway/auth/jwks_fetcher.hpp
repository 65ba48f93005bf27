#pragma once
// Where a JWKS document comes from: a file (read at once, on the caller's thread) or an http://
// URL (fetched on an auth_http_client's own thread). An interface because jwt_key_source's
// refresh logic is tested with a scripted fake on a manual clock.
#include "core/time/clock.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace portico::gateway {

struct jwks_document {
  bool ok = false;
  std::string text;                    // the JWKS JSON, when ok
  std::optional<core::nanos> max_age;  // the answer's Cache-Control max-age (URL only)
  std::string error;                   // why not ok
};

class jwks_fetcher {
 public:
  virtual ~jwks_fetcher() = default;
  virtual const std::string& where() const noexcept = 0;  // the file or URL, for messages
  // Calls done exactly once: before returning (file) or later on another thread (URL). The
  // destructor may drop a fetch in flight without calling done.
  virtual void fetch(std::function<void(jwks_document)> done) = 0;
};

std::unique_ptr<jwks_fetcher> make_jwks_file_fetcher(std::string path);
// Throws std::invalid_argument for a URL auth_http_client cannot use.
std::unique_ptr<jwks_fetcher> make_jwks_url_fetcher(const std::string& url, core::nanos timeout);

}  // namespace portico::gateway
