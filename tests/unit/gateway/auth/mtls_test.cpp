#include "gateway/auth/auth_stage.hpp"
#include "gateway/auth/mtls_stage.hpp"
#include "tests/unit/gateway/auth/auth_test_support.hpp"

#include <gtest/gtest.h>

namespace portico::gateway {
namespace {

using testing::get_with;
using testing::test_request;

// Built from structs: the loader would (rightly) refuse auth.mtls without a TLS listener.
class MtlsStage : public ::testing::Test {
 protected:
  void build(core::mtls_auth_config config) {
    gateway.listeners.emplace_back();
    gateway.listeners[0].routes.emplace_back();
    gateway.listeners[0].routes[0].auth.mtls = std::move(config);
    const auto& listener = gateway.listeners[0];
    stage_build_context c{gateway, listener, &listener.routes[0], 0, clock, 1};
    stage_ = make_mtls_stage(c);
    ASSERT_TRUE(stage_);
  }
  stage_result run(std::string_view subject, const std::string& headers = "") {
    request = std::make_unique<test_request>(get_with(headers));
    auto& ctx = request->context();
    ctx.tls = true;
    ctx.client_cert_subject = subject;
    return stage_->on_request(ctx);
  }
  core::manual_clock clock;
  core::gateway_config gateway;
  std::unique_ptr<stage> stage_;
  std::unique_ptr<test_request> request;
};

TEST_F(MtlsStage, AnswersUnauthorizedWithoutAVerifiedCertificate) {
  build({});
  EXPECT_EQ(run("").action, stage_result::kind::respond);
  EXPECT_EQ(request->ctx.response.status, 401);
  EXPECT_EQ(request->response_header("WWW-Authenticate"), "ClientCertificate realm=\"portico\"");
  EXPECT_FALSE(request->ctx.who.authenticated);
  EXPECT_EQ(auth_stage_report(*stage_)->unauthorized, 1u);
}

TEST_F(MtlsStage, MakesTheSubjectTheIdentityAndForwardsIt) {
  build({});
  EXPECT_EQ(run("svc-a").action, stage_result::kind::next);
  const auto& ctx = request->ctx;
  EXPECT_TRUE(ctx.who.authenticated);
  EXPECT_EQ(ctx.who.client, "svc-a");
  EXPECT_EQ(ctx.who.subject, "svc-a");
  ASSERT_EQ(ctx.upstream_headers.size(), 1u);
  EXPECT_EQ(ctx.upstream_headers[0], (std::pair<std::string, std::string>{"X-Client-Cert-Subject", "svc-a"}));
}

TEST_F(MtlsStage, ForwardsNothingWhenTheHeaderIsEmpty) {
  build({.subjects = {}, .forward_subject = ""});
  EXPECT_EQ(run("svc-a").action, stage_result::kind::next);
  EXPECT_TRUE(request->ctx.upstream_headers.empty());
}

TEST_F(MtlsStage, ForbidsSubjectsOutsideTheAllowList) {
  build({.subjects = {"svc-a", "svc-b"}});
  EXPECT_EQ(run("svc-b").action, stage_result::kind::next);
  EXPECT_EQ(run("svc-c").action, stage_result::kind::respond);
  EXPECT_EQ(request->ctx.response.status, 403);
  const auto report = auth_stage_report(*stage_);
  EXPECT_EQ(report->method, "mtls");
  EXPECT_EQ(report->ok, 1u);
  EXPECT_EQ(report->forbidden, 1u);
}

}  // namespace
}  // namespace portico::gateway
