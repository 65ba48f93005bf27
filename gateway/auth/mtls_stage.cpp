#include "gateway/auth/mtls_stage.hpp"

#include "gateway/auth/auth_stage.hpp"

#include <algorithm>

namespace portico::gateway {
namespace {

class mtls_stage final : public auth_stage {
 public:
  explicit mtls_stage(const core::mtls_auth_config& config) : subjects_(config.subjects), header_(config.forward_subject) {}

  std::string_view name() const noexcept override { return "mtls"; }

  stage_result on_request(request_context& ctx) const override {
    const std::string_view subject = ctx.client_cert_subject;
    if (subject.empty()) {
      return unauthorized(ctx, "ClientCertificate realm=\"portico\"", "missing_client_certificate",
                          ctx.tls ? "a trusted client certificate is required" : "a TLS client certificate is required");
    }
    if (!subjects_.empty() && std::find(subjects_.begin(), subjects_.end(), subject) == subjects_.end())
      return forbidden(ctx, "the client certificate's subject is not allowed on this route");
    ctx.who.authenticated = true;
    ctx.who.subject = subject;
    ctx.who.client = subject;
    if (!header_.empty()) ctx.upstream_headers.emplace_back(header_, subject);
    return accept();
  }

 private:
  std::vector<std::string> subjects_;
  std::string header_;
};

}  // namespace

std::unique_ptr<stage> make_mtls_stage(const stage_build_context& c) {
  if (c.route == nullptr || !c.route->auth.mtls) return nullptr;
  return std::make_unique<mtls_stage>(*c.route->auth.mtls);
}

}  // namespace portico::gateway
