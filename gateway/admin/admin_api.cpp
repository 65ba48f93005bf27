#include "gateway/admin/admin_api.hpp"

#include "gateway/admin/prometheus.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace portico::gateway {

namespace {

net::admin_http_reply json_reply(int status, const boost::json::value& v) { return {status, "application/json", boost::json::serialize(v)}; }

net::admin_http_reply error_reply(int status, std::string_view message) {
  return json_reply(status, boost::json::object{{"error", message}});
}

// Constant-time comparison: the token must not leak through response timing.
bool same_secret(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

net::admin_http_reply admin_api::handle(const net::admin_http_request& request) const {
  auto path = request.target.substr(0, request.target.find('?'));
  if (path == "/health") {
    if (request.method != "GET" && request.method != "HEAD") return error_reply(405, "use GET");
    return json_reply(200, boost::json::object{{"status", "ok"}, {"generation", sources_.generation ? sources_.generation() : 0}});
  }
  if (!token_.empty()) {
    constexpr std::string_view scheme = "Bearer ";
    const auto& auth = request.authorization;
    if (auth.size() <= scheme.size() || auth.substr(0, scheme.size()) != scheme || !same_secret(auth.substr(scheme.size()), token_))
      return error_reply(401, "missing or wrong bearer token");
  }
  if (path == "/metrics") {
    if (request.method != "GET") return error_reply(405, "use GET");
    return {200, "text/plain; version=0.0.4; charset=utf-8", format_prometheus(sources_.snapshot())};
  }
  if (path == "/config") {
    if (request.method != "GET") return error_reply(405, "use GET");
    return {200, "application/json", sources_.config_json()};
  }
  if (path == "/reload") {
    if (request.method != "POST") return error_reply(405, "use POST");
    if (!sources_.reload || !sources_.reloadable || !sources_.reloadable()) return error_reply(501, "this gateway has no configuration source to reload from");
    const auto result = sources_.reload();
    boost::json::array errors;
    for (const auto& e : result.errors) errors.emplace_back(e);
    return json_reply(result.ok ? 200 : 422, boost::json::object{{"reloaded", result.ok}, {"generation", result.generation}, {"errors", errors}});
  }
  return error_reply(404, "unknown admin path (try /metrics, /config, /health, POST /reload)");
}

}  // namespace portico::gateway
