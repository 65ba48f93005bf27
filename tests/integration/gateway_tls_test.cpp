// TLS termination in a running gateway, on loopback, with certificates made at test time: TLS 1.3
// and 1.2 proxied, SNI choosing the certificate, the version floor, client certificates required
// (trusted / untrusted / absent) and optional with the route's mtls auth, the subject as the
// rate-limit identity, handshake deadlines, and TLS records held back in the TLS layer.
#include "core/config/loader.hpp"
#include "gateway/server/gateway_server.hpp"
#include "tests/support/gateway_test_backend.hpp"
#include "tests/support/scratch_files.hpp"
#include "tests/support/test_certificates.hpp"
#include "tests/support/tls_client.hpp"

#include <openssl/ssl.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>


namespace portico::gateway {
namespace {

using namespace std::chrono_literals;
using testing::recording_backend;
using testing::tls_client;
using testing::tls_client_options;

// One PKI per test: a CA with a default server certificate, one for api.test, a wildcard one, two
// client certificates it issued, and a client certificate from a CA the gateway does not trust.
struct pki {
  pki() : dir(testing::scratch_directory(::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    testing::test_ca ca("Portico Test CA"), rogue("Rogue CA");
    ca_file = put("ca.pem", ca.cert_pem());
    put_pair("default", ca.issue({.common_name = "default.test", .dns_names = {"default.test", "localhost"}, .server = true}));
    put_pair("api", ca.issue({.common_name = "api.test", .dns_names = {"api.test"}, .server = true}));
    put_pair("wild", ca.issue({.common_name = "wildcard.svc.test", .dns_names = {"*.svc.test"}, .server = true}));
    put_pair("client-a", ca.issue({.common_name = "client-a"}));
    put_pair("client-b", ca.issue({.common_name = "client-b"}));
    put_pair("rogue", rogue.issue({.common_name = "client-a"}));  // the same name, the wrong issuer
  }
  std::string put(const std::string& name, const std::string& text) { return testing::write_file(dir / name, text); }
  void put_pair(const std::string& name, const testing::issued_certificate& c) {
    put(name + ".pem", c.cert_pem);
    put(name + ".key", c.key_pem);
  }
  std::string cert(const std::string& name) const { return (dir / (name + ".pem")).string(); }
  std::string key(const std::string& name) const { return (dir / (name + ".key")).string(); }
  tls_client_options client(const std::string& cert_name = "", const std::string& server_name = "") const {
    tls_client_options o;
    o.ca_file = ca_file;
    o.server_name = server_name;
    if (!cert_name.empty()) {
      o.cert_file = cert(cert_name);
      o.key_file = key(cert_name);
    }
    return o;
  }

  std::filesystem::path dir;
  std::string ca_file;
};

struct fixture {
  // tls_extra: more keys of the listener's tls block; route_extra: lines under the route.
  // manual_time: policies see `clock` (advanced by the test); else the steady clock (deadlines).
  explicit fixture(const pki& keys, const std::string& tls_extra = "", const std::string& route_extra = "", bool manual_time = true)
      : p(keys), clock(core::time_point{100s}) {
    const std::string yaml =
        "name: t\nbackends: {users: {instances: 1}}\ngateway:\n  listeners:\n    - name: secure\n"
        "      tls:\n        cert: " + p.cert("default") + "\n        key: " + p.key("default") + "\n" +
        "        sni:\n          - {host: api.test, cert: " + p.cert("api") + ", key: " + p.key("api") + "}\n" +
        "          - {host: \"*.svc.test\", cert: " + p.cert("wild") + ", key: " + p.key("wild") + "}\n" + tls_extra +
        "      routes:\n        - name: r\n          match: {path_prefix: /}\n          backend: users\n" + route_extra;
    auto loaded = core::load_scenario_text(yaml);
    if (!loaded.ok()) throw std::runtime_error(loaded.errors.at(0).to_string());
    gateway_options options;
    options.threads = 1;
    if (manual_time) options.clock = &clock;
    server = std::make_unique<gateway_server>(loaded.scenario->gateway, backend_endpoints{{"users", {backend.address()}}}, options);
    server->start();
    port = server->endpoints().at(0).endpoint.port();
  }
  tls_counters tls() const { return server->snapshot().tls.at(0).counters; }
  // The server counts a refused handshake on its own thread, possibly after the client has seen
  // the alert: the counters once `settled` holds, or as they are after 2 s (then the test fails).
  template <class Pred>
  tls_counters tls_when(Pred settled) const {
    auto c = tls();
    for (int i = 0; i < 2000 && !settled(c); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      c = tls();
    }
    return c;
  }
  static std::string get(const std::string& extra = "") { return "GET /x HTTP/1.1\r\nHost: t\r\n" + extra + "\r\n"; }

  const pki& p;
  core::manual_clock clock;
  recording_backend backend;
  std::unique_ptr<gateway_server> server;
  unsigned short port = 0;
};

std::string head_of(const testing::recorded_request& r) { return r.head; }

TEST(GatewayTls, ProxiesATls13RequestAndTellsTheBackendItWasHttps) {
  pki p;
  fixture f(p);
  auto o = f.p.client();
  o.min_version = TLS1_3_VERSION;
  tls_client c(f.port, o);
  ASSERT_TRUE(c.handshake()) << c.error();
  EXPECT_EQ(c.version(), TLS1_3_VERSION);
  const auto r = c.exchange(fixture::get());
  ASSERT_TRUE(r.ok()) << c.error();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok GET /x");
  const auto second = c.exchange(fixture::get());  // keep-alive over the same TLS connection
  EXPECT_EQ(second.status, 200);
  ASSERT_EQ(f.backend.requests().size(), 2u);
  EXPECT_NE(head_of(f.backend.requests()[0]).find("X-Forwarded-Proto: https\r\n"), std::string::npos);
  EXPECT_NE(head_of(f.backend.requests()[0]).find("proto=https"), std::string::npos);
  const auto t = f.tls();
  EXPECT_EQ(t.handshakes, 1u);
  EXPECT_EQ(t.tls13, 1u);
  EXPECT_EQ(t.handshake_failures, 0u);
}

TEST(GatewayTls, ProxiesATls12Request) {
  pki p;
  fixture f(p);
  auto o = f.p.client();
  o.max_version = TLS1_2_VERSION;
  tls_client c(f.port, o);
  ASSERT_TRUE(c.handshake()) << c.error();
  EXPECT_EQ(c.version(), TLS1_2_VERSION);
  EXPECT_EQ(c.exchange(fixture::get()).status, 200);
  EXPECT_EQ(f.tls().tls13, 0u);
}

TEST(GatewayTls, SniChoosesTheCertificateForTheName) {
  pki p;
  fixture f(p);
  const std::vector<std::pair<std::string, std::string>> cases{
      {"api.test", "api.test"},        {"API.Test", "api.test"},          {"x.svc.test", "wildcard.svc.test"},
      {"a.b.svc.test", "default.test"}, {"other.test", "default.test"}, {"", "default.test"}};
  for (const auto& [name, expected_cn] : cases) {
    auto o = f.p.client("", name);
    o.ca_file.clear();  // the default certificate does not name the others: look, do not verify
    tls_client c(f.port, o);
    ASSERT_TRUE(c.handshake()) << name << ": " << c.error();
    EXPECT_EQ(c.server_common_name(), expected_cn) << "SNI '" << name << "'";
    EXPECT_EQ(c.exchange(fixture::get()).status, 200) << name;
  }
}

TEST(GatewayTls, MinVersion13RefusesATls12OnlyClient) {
  pki p;
  fixture f(p, "        min_version: \"1.3\"\n");
  auto o = f.p.client();
  o.max_version = TLS1_2_VERSION;
  tls_client old(f.port, o);
  EXPECT_FALSE(old.handshake());
  EXPECT_NE(old.error().find("version"), std::string::npos) << old.error();
  tls_client current(f.port, f.p.client());
  ASSERT_TRUE(current.handshake()) << current.error();
  EXPECT_EQ(current.version(), TLS1_3_VERSION);
  EXPECT_EQ(current.exchange(fixture::get()).status, 200);
  const auto t = f.tls_when([](const tls_counters& c) { return c.handshake_failures >= 1; });
  EXPECT_EQ(t.handshake_failures, 1u);
  EXPECT_EQ(t.handshakes, 1u);
}

TEST(GatewayTls, RequiredClientCertificateAdmitsOnlyTrustedOnes) {
  pki p;
  fixture f(p, "        client_ca: " + p.ca_file + "\n        client_cert: required\n");
  {
    tls_client trusted(f.port, f.p.client("client-a"));
    ASSERT_TRUE(trusted.handshake()) << trusted.error();
    EXPECT_EQ(trusted.exchange(fixture::get()).status, 200);
  }
  for (const std::string& cert : {std::string("rogue"), std::string()}) {  // untrusted issuer; no certificate
    tls_client refused(f.port, f.p.client(cert));
    // TLS 1.3 finishes the client's side first; the server's refusal arrives as an alert instead
    // of the response.
    if (refused.handshake()) {
      const auto r = refused.exchange(fixture::get());
      EXPECT_FALSE(r.ok()) << (cert.empty() ? "no certificate" : cert) << ": got " << r.status;
    }
  }
  auto o = f.p.client("rogue");
  o.max_version = TLS1_2_VERSION;  // with 1.2 the refusal is the handshake's own end
  tls_client refused12(f.port, o);
  EXPECT_FALSE(refused12.handshake());
  EXPECT_EQ(f.backend.requests().size(), 1u);
  const auto t = f.tls_when([](const tls_counters& c) { return c.handshake_failures >= 3; });
  EXPECT_EQ(t.handshakes, 1u);
  EXPECT_EQ(t.client_certificates, 1u);
  EXPECT_EQ(t.handshake_failures, 3u);
}

TEST(GatewayTls, OptionalClientCertificateLeavesTheDecisionToTheRouteMtlsAuth) {
  pki p;
  fixture f(p, "        client_ca: " + p.ca_file + "\n        client_cert: optional\n",
            "          auth: {mtls: {subjects: [client-a]}}\n");
  {
    tls_client anonymous(f.port, f.p.client());
    ASSERT_TRUE(anonymous.handshake()) << anonymous.error();
    const auto r = anonymous.exchange(fixture::get());
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.header("WWW-Authenticate"), "ClientCertificate realm=\"portico\"");
  }
  {
    tls_client a(f.port, f.p.client("client-a"));
    ASSERT_TRUE(a.handshake()) << a.error();
    EXPECT_EQ(a.exchange(fixture::get("X-Client-Cert-Subject: forged\r\n")).status, 200);
  }
  {
    tls_client b(f.port, f.p.client("client-b"));
    ASSERT_TRUE(b.handshake()) << b.error();
    EXPECT_EQ(b.exchange(fixture::get()).status, 403);  // trusted, but not in subjects
  }
  {
    tls_client rogue(f.port, f.p.client("rogue"));  // optional still refuses an untrusted certificate
    if (rogue.handshake()) {
      EXPECT_FALSE(rogue.exchange(fixture::get()).ok());
    }
  }
  ASSERT_EQ(f.backend.requests().size(), 1u);
  const std::string head = head_of(f.backend.requests()[0]);
  EXPECT_NE(head.find("X-Client-Cert-Subject: client-a\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("forged"), std::string::npos) << head;
  f.tls_when([](const tls_counters& c) { return c.handshake_failures >= 1; });  // the rogue's, counted late
  bool reported = false;
  for (const auto& c : f.server->components()) {
    if (c.kind == "auth" && c.name == "r:mtls") {
      reported = true;
      EXPECT_EQ(c.counters.at("ok"), 1);
      EXPECT_EQ(c.counters.at("unauthorized"), 1);
      EXPECT_EQ(c.counters.at("forbidden"), 1);
    }
    if (c.kind == "tls") {
      EXPECT_EQ(c.counters.at("handshake_failures"), 1) << c.name;
    }
  }
  EXPECT_TRUE(reported);
}

TEST(GatewayTls, TheCertificateSubjectIsTheRateLimitIdentity) {
  pki p;
  fixture f(p, "        client_ca: " + p.ca_file + "\n        client_cert: required\n",
            "          auth: {mtls: {}}\n          rate_limit: {algorithm: token_bucket, rate: 1/s, burst: 1, key: client}\n");
  tls_client a(f.port, f.p.client("client-a")), b(f.port, f.p.client("client-b"));
  ASSERT_TRUE(a.handshake()) << a.error();
  ASSERT_TRUE(b.handshake()) << b.error();
  EXPECT_EQ(a.exchange(fixture::get()).status, 200);
  EXPECT_EQ(a.exchange(fixture::get()).status, 429);
  EXPECT_EQ(b.exchange(fixture::get()).status, 200);  // its own bucket
  f.clock.advance(1s);
  EXPECT_EQ(a.exchange(fixture::get()).status, 200);
}

TEST(GatewayTls, ASilentClientIsClosedAtTheHandshakeDeadline) {
  // Real time, like the header-timeout tests: the deadline starts when the session does, which
  // a manual clock advanced from here could not be ordered against.
  pki p;
  fixture f(p, "        handshake_timeout: 200ms\n", "", false);
  testing::test_client silent(f.port, 5s);
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(silent.closed_by_peer());
  EXPECT_LT(std::chrono::steady_clock::now() - started, 4s);
  const auto t = f.tls_when([](const tls_counters& c) { return c.handshake_timeouts >= 1; });
  EXPECT_EQ(t.handshake_timeouts, 1u);
  EXPECT_EQ(t.handshake_failures, 1u);
}

TEST(GatewayTls, PipelinedRequestsInSeparateRecordsAreAllAnswered) {
  // Both records usually reach the gateway in one TCP read; the second then waits inside the TLS
  // layer, where waiting for the socket to become readable would never see it.
  pki p;
  fixture f(p);
  tls_client c(f.port, f.p.client());
  ASSERT_TRUE(c.handshake()) << c.error();
  const auto r = c.exchange_pipelined({fixture::get(), fixture::get(), fixture::get()});
  ASSERT_EQ(r.size(), 3u);
  for (const auto& one : r) EXPECT_EQ(one.status, 200);
}

TEST(GatewayTls, RefusesToStartWithAKeyThatIsNotTheCertificates) {
  pki p;
  const std::string yaml = "name: t\nbackends: {users: {instances: 1}}\ngateway:\n  listeners:\n    - name: secure\n"
                           "      tls: {cert: " + p.cert("default") + ", key: " + p.key("api") + "}\n"
                           "      routes: [{backend: users}]\n";
  const auto loaded = core::load_scenario_text(yaml);
  ASSERT_TRUE(loaded.ok());  // the loader checks that the files can be read; their content is checked here
  try {
    gateway_server server(loaded.scenario->gateway, backend_endpoints{{"users", {"127.0.0.1:9"}}});
    ADD_FAILURE() << "started";
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("listener 'secure': tls.key"), std::string::npos) << what;
    EXPECT_NE(what.find(p.key("api")), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace portico::gateway
