// The listener's tls block and the route's auth.mtls: files resolved against the scenario file and
// checked, versions, client-certificate rules, SNI names, and the errors for each.
#include "core/config/loader.hpp"
#include "tests/support/scratch_files.hpp"

#include <gtest/gtest.h>

namespace portico::core {
namespace {

using strings = std::vector<std::string>;

// A scenario directory with (fake) PEM files: the loader checks that they can be read, not what
// they hold (the gateway does that when it starts).
struct scenario_dir {
  scenario_dir() : dir(testing::scratch_directory(::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    std::filesystem::create_directories(dir / "tls");
    for (const char* f : {"tls/server.pem", "tls/server.key", "tls/ca.pem", "tls/api.pem"}) testing::write_file(dir / f, "PEM\n");
  }
  load_result load(const std::string& listener_tls, const std::string& route_extra = "") const {
    const std::string yaml =
        "backends: {users: {instances: 1}}\n"
        "gateway:\n"
        "  listeners:\n"
        "    - name: secure\n"
        "      tls: " + listener_tls + "\n"
        "      routes:\n"
        "        - {match: {path_prefix: /}, backend: users" + route_extra + "}\n";
    return load_scenario_text(yaml, (dir / "s.yaml").string());
  }
  strings errors(const std::string& listener_tls, const std::string& route_extra = "") const {
    const auto r = load(listener_tls, route_extra);
    EXPECT_FALSE(r.ok());
    strings out;
    for (const auto& e : r.errors) out.push_back(e.to_string().substr(dir.string().size() + 1));  // "s.yaml:..."
    return out;
  }
  std::filesystem::path dir;
};

TEST(LoaderTls, ResolvesFilesAgainstTheScenarioDirectory) {
  scenario_dir d;
  const auto r = d.load("{cert: tls/server.pem, key: tls/server.key, min_version: 1.3, sni: [{host: api.test, cert: tls/api.pem}],"
                        " client_ca: tls/ca.pem, client_cert: optional, handshake_timeout: 2s}",
                        ", auth: {mtls: {subjects: [svc-a]}}");
  ASSERT_TRUE(r.ok()) << r.errors.at(0).to_string();
  const auto& tls = r.scenario->gateway.listeners.at(0).tls;
  EXPECT_TRUE(tls.enabled);
  EXPECT_EQ(tls.cert, (d.dir / "tls/server.pem").string());
  EXPECT_EQ(tls.key, (d.dir / "tls/server.key").string());
  EXPECT_EQ(tls.min_version, "1.3");  // unquoted: YAML's number 1.3 is the version's name too
  ASSERT_EQ(tls.sni.size(), 1u);
  EXPECT_EQ(tls.sni[0].cert, (d.dir / "tls/api.pem").string());
  EXPECT_TRUE(tls.sni[0].key.empty());
  EXPECT_EQ(tls.client_cert, tls_config::client_cert_mode::optional);
  EXPECT_EQ(tls.handshake_timeout, std::chrono::seconds(2));
  const auto& mtls = r.scenario->gateway.listeners.at(0).routes.at(0).auth.mtls;
  ASSERT_TRUE(mtls.has_value());
  EXPECT_EQ(mtls->subjects, strings{"svc-a"});
  EXPECT_EQ(mtls->forward_subject, "X-Client-Cert-Subject");
}

TEST(LoaderTls, ListenersWithoutTlsArePlain) {
  scenario_dir d;
  const auto r = load_scenario_text("backends: {users: {instances: 1}}\ngateway:\n  listeners:\n    - routes: [{backend: users}]\n");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.scenario->gateway.listeners.at(0).tls.enabled);
}

TEST(LoaderTls, NamesAMissingFileWithItsPosition) {
  scenario_dir d;
  EXPECT_EQ(d.errors("{cert: tls/nope.pem}"),
            strings{"s.yaml:5:19: gateway.listeners[0].tls.cert: cannot read file '" + (d.dir / "tls/nope.pem").string() + "'"});
  EXPECT_EQ(d.errors("{key: tls/server.key}"), strings{"s.yaml:5:12: gateway.listeners[0].tls: missing required field 'cert'"});
}

TEST(LoaderTls, RejectsAnUnknownMinVersion) {
  scenario_dir d;
  EXPECT_EQ(d.errors("{cert: tls/server.pem, min_version: \"1.1\"}"),
            strings{"s.yaml:5:48: gateway.listeners[0].tls.min_version: unknown TLS version '1.1'; allowed: 1.2, 1.3"});
}

TEST(LoaderTls, ClientCertificatesNeedACaAndACaNeedsThem) {
  scenario_dir d;
  EXPECT_EQ(d.errors("{cert: tls/server.pem, client_cert: required}"),
            strings{"s.yaml:5:12: gateway.listeners[0].tls.client_ca: client_cert: required needs client_ca"});
  EXPECT_EQ(d.errors("{cert: tls/server.pem, client_ca: tls/ca.pem}"),
            strings{"s.yaml:5:46: gateway.listeners[0].tls.client_ca: unused: set client_cert to optional or required"});
  EXPECT_EQ(d.errors("{cert: tls/server.pem, client_cert: sometimes, client_ca: tls/ca.pem}"),
            strings{"s.yaml:5:48: gateway.listeners[0].tls.client_cert: unknown value 'sometimes'; allowed: none, optional, required"});
}

TEST(LoaderTls, RejectsDuplicateAndMalformedServerNames) {
  scenario_dir d;
  EXPECT_EQ(d.errors("{cert: tls/server.pem, sni: [{host: a.test, cert: tls/api.pem}, {host: A.test, cert: tls/api.pem}]}"),
            strings{"s.yaml:5:83: gateway.listeners[0].tls.sni[1].host: duplicate server name 'A.test'"});
  EXPECT_EQ(d.errors("{cert: tls/server.pem, sni: [{host: \"a b\", cert: tls/api.pem}]}"),
            strings{"s.yaml:5:48: gateway.listeners[0].tls.sni[0].host: not a host name (letters, digits, '-', '.'; optionally \"*.\" first)"});
}

TEST(LoaderTls, MtlsAuthNeedsAListenerThatAsksForCertificates) {
  scenario_dir d;
  EXPECT_EQ(d.errors("{cert: tls/server.pem}", ", auth: {mtls: {}}"),
            strings{"s.yaml:7:66: gateway.listeners[0].routes[0].auth.mtls: needs the listener's tls with client_cert: optional or required"});
  EXPECT_EQ(d.errors("{cert: tls/server.pem, client_cert: optional, client_ca: tls/ca.pem}", ", auth: {mtls: {forward_subject: \"X Y\"}}"),
            strings{"s.yaml:7:84: gateway.listeners[0].routes[0].auth.mtls.forward_subject: not a header name"});
}

}  // namespace
}  // namespace portico::core
