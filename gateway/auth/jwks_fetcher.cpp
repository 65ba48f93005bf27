#include "gateway/auth/jwks_fetcher.hpp"

#include "gateway/auth/auth_http_client.hpp"
#include "gateway/auth/jwks_schedule.hpp"

#include <fstream>
#include <sstream>

namespace portico::gateway {
namespace {

class file_fetcher final : public jwks_fetcher {
 public:
  explicit file_fetcher(std::string path) : path_(std::move(path)) {}
  const std::string& where() const noexcept override { return path_; }
  void fetch(std::function<void(jwks_document)> done) override {
    jwks_document d;
    std::ifstream in(path_, std::ios::binary);
    if (in) {
      std::ostringstream text;
      text << in.rdbuf();
      d.ok = true;
      d.text = text.str();
    } else {
      d.error = "cannot read the file";
    }
    done(std::move(d));
  }

 private:
  std::string path_;
};

// A JWKS is a few keys of a few hundred bytes each; 1 MiB leaves room for large RSA sets.
constexpr std::size_t max_jwks_bytes = 1024 * 1024;

class url_fetcher final : public jwks_fetcher {
 public:
  url_fetcher(const std::string& url, core::nanos timeout)
      : url_(url),
        client_(url, "auth.jwt.issuers[].jwks_url", std::chrono::duration_cast<std::chrono::milliseconds>(timeout),
                max_jwks_bytes) {}
  const std::string& where() const noexcept override { return url_; }
  void fetch(std::function<void(jwks_document)> done) override {
    http_call call;
    call.headers = {{"Accept", "application/jwk-set+json, application/json"}};
    client_.async_call(std::move(call), [done = std::move(done)](http_answer answer) {
      jwks_document d;
      if (answer.status == 200) {
        d.ok = true;
        d.text = std::move(answer.body);
        d.max_age = cache_control_max_age(answer.cache_control);
      } else {
        d.error = answer.status == 0 ? answer.error : "HTTP status " + std::to_string(answer.status);
      }
      done(std::move(d));
    });
  }

 private:
  std::string url_;
  auth_http_client client_;
};

}  // namespace

std::unique_ptr<jwks_fetcher> make_jwks_file_fetcher(std::string path) { return std::make_unique<file_fetcher>(std::move(path)); }

std::unique_ptr<jwks_fetcher> make_jwks_url_fetcher(const std::string& url, core::nanos timeout) {
  return std::make_unique<url_fetcher>(url, timeout);
}

}  // namespace portico::gateway
