// JWT verification cost per request, for the issue's figures: HS256 (one HMAC over ~200 bytes),
// ES256 (one ECDSA P-256 verify, the expensive asymmetric case short of RSA), RS256 (2048-bit,
// cheap to verify, expensive to sign). Covers the whole validator (split, base64url, two JSON
// parses, key selection, claims), on a manual clock; keys and tokens are made at start-up.
// BM_JwtStageHS256/{0,1}: the whole route stage (header, validation, identity, counters) with the
// verified-token cache off (0: every request verifies) and on (1: the same token repeated, the
// common case of a client reusing its token), which is what a proxied request pays.
#include "gateway/auth/base64url.hpp"
#include "core/config/loader.hpp"
#include "gateway/auth/jwt_stage.hpp"
#include "gateway/auth/jwt_validator.hpp"
#include "gateway/http/message_head.hpp"
#include "gateway/pipeline/request_context.hpp"

#include <benchmark/benchmark.h>
#include <openssl/pem.h>

#include <cstdio>
#include <fstream>

namespace portico::gateway {
namespace {

using namespace std::chrono_literals;

const std::string claims = R"({"iss":"idp","aud":"api","sub":"user-42","scope":"read write","exp":4000000000})";

jwt_key generated(const char* type, const char* param, key_family family, std::string curve) {
  jwt_key k = jwt_key::asymmetric("", family);
  k.curve = std::move(curve);
  k.pkey = family == key_family::rsa ? pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, type, std::size_t{2048}), &EVP_PKEY_free)
                                     : pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, type, param), &EVP_PKEY_free);
  return k;
}

std::string pem_file(const jwt_key& k, const char* name) {
  const std::string path = "/tmp/portico-jwt-bench-" + std::string(name) + ".pem";
  FILE* f = std::fopen(path.c_str(), "w");
  PEM_write_PUBKEY(f, k.pkey.get());
  std::fclose(f);
  return path;
}

void run(benchmark::State& state, const char* alg, const jwt_key& key, core::jwt_issuer_config issuer) {
  issuer.issuer = "idp";
  issuer.algorithms = {alg};
  core::jwt_auth_config config;
  config.issuers = {issuer};
  core::manual_clock clock(core::time_point{std::chrono::seconds(1'700'000'000)});
  const jwt_validator validator(config, clock, 0ns);
  const std::string input = base64url_encode(std::string("{\"alg\":\"") + alg + "\",\"typ\":\"JWT\"}") + "." + base64url_encode(claims);
  const std::string token = input + "." + base64url_encode(*jws_sign(*find_jws_algorithm(alg), key, input));
  for (auto _ : state) {
    auto r = validator.validate(token);
    if (!std::holds_alternative<verified_jwt>(r)) state.SkipWithError("token rejected");
    benchmark::DoNotOptimize(r);
  }
}

void BM_VerifyHS256(benchmark::State& state) {
  core::jwt_issuer_config issuer;
  issuer.secret = "bench-secret-bench-secret-bench-secret!";
  run(state, "HS256", jwt_key::hmac("", issuer.secret), issuer);
}
BENCHMARK(BM_VerifyHS256);

void BM_VerifyES256(benchmark::State& state) {
  const jwt_key key = generated("EC", "P-256", key_family::ec, "P-256");
  core::jwt_issuer_config issuer;
  issuer.public_key_file = pem_file(key, "es256");
  run(state, "ES256", key, issuer);
}
BENCHMARK(BM_VerifyES256);

void BM_VerifyRS256(benchmark::State& state) {
  const jwt_key key = generated("RSA", nullptr, key_family::rsa, "");
  core::jwt_issuer_config issuer;
  issuer.public_key_file = pem_file(key, "rs256");
  run(state, "RS256", key, issuer);
}
BENCHMARK(BM_VerifyRS256);

void BM_JwtStageHS256(benchmark::State& state) {
  const std::string secret = "bench-secret-bench-secret-bench-secret!";
  const bool cached = state.range(0) != 0;
  auto loaded = core::load_scenario_text(
      "name: b\nbackends: {app: {instances: 1}}\ngateway:\n  listeners:\n    - name: public\n      address: 127.0.0.1:0\n"
      "      routes:\n        - {name: r, backend: app, match: {path_prefix: /}, auth: {jwt: {cache_size: " +
      std::string(cached ? "1024" : "0") + ", issuers: [{issuer: idp, algorithms: [HS256], secret: \"" + secret + "\"}]}}}\n");
  if (!loaded.ok()) return state.SkipWithError("config");
  const core::gateway_config& gw = loaded.scenario->gateway;
  core::manual_clock clock(core::time_point{std::chrono::seconds(1'700'000'000)});
  const stage_build_context c{gw, gw.listeners[0], &gw.listeners[0].routes[0], 0, clock, 1};
  const auto stage = make_jwt_stage(c);
  const std::string input = base64url_encode(R"({"alg":"HS256","typ":"JWT"})") + "." + base64url_encode(claims);
  const std::string token = input + "." + base64url_encode(*jws_sign(*find_jws_algorithm("HS256"), jwt_key::hmac("", secret), input));
  const std::string raw = "GET / HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token + "\r\n\r\n";
  http::request_head head;
  if (http::parse_request(raw, {}, head).state != http::parse_state::complete) return state.SkipWithError("request");
  request_context ctx;
  for (auto _ : state) {
    ctx.reset();
    ctx.request = &head;
    ctx.headers.reset(&head);
    if (stage->on_request(ctx).action != stage_result::kind::next) state.SkipWithError("token rejected");
  }
}
BENCHMARK(BM_JwtStageHS256)->Arg(0)->Arg(1);

}  // namespace
}  // namespace portico::gateway
