#include "gateway/auth/basic_stage.hpp"

#include "gateway/auth/auth_stage.hpp"
#include "gateway/auth/base64url.hpp"
#include "gateway/auth/basic_credentials.hpp"

#include <openssl/crypto.h>

namespace portico::gateway {
namespace {

class basic_stage final : public auth_stage {
 public:
  explicit basic_stage(const core::basic_auth_config& config)
      : credentials_(config.credentials_file), challenge_("Basic realm=" + quoted(config.realm) + ", charset=\"UTF-8\"") {}

  std::string_view name() const noexcept override { return "basic"; }

  stage_result on_request(request_context& ctx) const override {
    const std::string_view encoded = credentials_after(ctx.headers.get("Authorization"), "Basic");
    if (encoded.empty()) return unauthorized(ctx, challenge_, "missing_credentials", "basic credentials are required");
    std::optional<std::string> decoded = base64_decode(encoded);
    const auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) return unauthorized(ctx, challenge_, "invalid_credentials", "malformed basic credentials");
    const std::string_view user = std::string_view(*decoded).substr(0, colon);
    const bool ok = credentials_.check(user, std::string_view(*decoded).substr(colon + 1));
    if (ok) {
      ctx.who.authenticated = true;
      ctx.who.subject = user;
      ctx.who.client = user;
    }
    OPENSSL_cleanse(decoded->data(), decoded->size());
    return ok ? accept() : unauthorized(ctx, challenge_, "invalid_credentials", "wrong user name or password");
  }

 private:
  basic_credentials credentials_;
  std::string challenge_;
};

}  // namespace

std::unique_ptr<stage> make_basic_stage(const stage_build_context& c) {
  if (c.route == nullptr || !c.route->auth.basic) return nullptr;
  return std::make_unique<basic_stage>(*c.route->auth.basic);
}

}  // namespace portico::gateway
