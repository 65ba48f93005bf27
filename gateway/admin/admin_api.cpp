#include "gateway/admin/admin_api.hpp"

#include "core/results/results_json.hpp"
#include "gateway/admin/prometheus.hpp"

#include <boost/json/parse.hpp>

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

// POST /reload's optional body: {"file": "path"}; empty means the configuration's origin.
bool reload_file(std::string_view body, std::string& file) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return true;
  boost::system::error_code ec;
  const auto doc = boost::json::parse(body, ec);
  const auto* object = ec ? nullptr : doc.if_object();
  const auto* value = object ? object->if_contains("file") : nullptr;
  if (value == nullptr || !value->is_string() || object->size() != 1) return false;
  file.assign(value->get_string().begin(), value->get_string().end());
  return true;
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
  if (path == "/components") {
    if (request.method != "GET") return error_reply(405, "use GET");
    return {200, "application/json", core::write_components_json(sources_.components())};
  }
  if (path == "/health-events") {
    if (request.method != "GET") return error_reply(405, "use GET");
    boost::json::array events;
    for (const auto& e : sources_.health_events())
      events.push_back(boost::json::object{
          {"at_ns", e.at.since_epoch.count()}, {"instance", e.instance}, {"address", e.address}, {"healthy", e.healthy}});
    return json_reply(200, boost::json::object{{"events", std::move(events)}});
  }
  if (path == "/reload") {
    if (request.method != "POST") return error_reply(405, "use POST");
    if (!sources_.reload || !sources_.reloadable || !sources_.reloadable()) return error_reply(501, "this gateway has no configuration source to reload from");
    std::string file;
    if (!reload_file(request.body, file)) return error_reply(400, "the body must be empty or {\"file\": \"scenario.yaml\"}");
    const auto result = sources_.reload(file);
    boost::json::array errors;
    for (const auto& e : result.errors) errors.emplace_back(e);
    boost::json::array notes;
    for (const auto& n : result.notes) notes.emplace_back(n);
    return json_reply(result.ok ? 200 : 422, boost::json::object{{"reloaded", result.ok},
                                                                  {"generation", result.generation},
                                                                  {"errors", std::move(errors)},
                                                                  {"notes", std::move(notes)}});
  }
  return error_reply(404, "unknown admin path (try /metrics, /config, /health, /components, /health-events, POST /reload)");
}

}  // namespace portico::gateway
