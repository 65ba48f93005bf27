#include "mock-backends/server/admin_api.hpp"

#include "core/config/units.hpp"
#include "core/net/endpoint.hpp"
#include "mock-backends/server/mock_server.hpp"

#include <boost/json.hpp>

#include <charconv>
#include <vector>

namespace portico::mock {

namespace json = boost::json;

namespace {

admin_reply error(int status, std::string_view message) {
  return {status, json::serialize(json::object{{"error", message}})};
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
  }
  return parts;
}

std::string_view query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    auto amp = query.find('&');
    auto pair = query.substr(0, amp);
    auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
  }
  return {};
}

json::object state_json(const instance_state& s) {
  return {{"failed", s.failed},
          {"fail_status", s.fail_status},
          {"fail_by_reset", s.fail_by_reset},
          {"unhealthy", s.unhealthy},
          {"extra_latency_ns", s.extra_latency.count()}};
}

json::object stats_json(const instance_stats& s) {
  return {{"name", s.name},
          {"backend", s.backend},
          {"instance", s.instance},
          {"address", s.address},
          {"connections", s.connections},
          {"requests", s.requests},
          {"responses",
           {{"1xx", s.by_class[1]},
            {"2xx", s.by_class[2]},
            {"3xx", s.by_class[3]},
            {"4xx", s.by_class[4]},
            {"5xx", s.by_class[5]},
            {"other", s.by_class[0]}}},
          {"faults_injected", s.faults_injected},
          {"queue_rejections", s.queue_rejections},
          {"bad_requests", s.bad_requests},
          {"in_flight", s.in_flight},
          {"busy_workers", s.busy_workers},
          {"queue_depth", s.queue_depth},
          {"max_queue_depth", s.max_queue_depth},
          {"state", state_json(s.state)}};
}

}  // namespace

admin_reply admin_api::handle(const admin_request& request) const {
  if (!token_.empty() && request.authorization != "Bearer " + token_) {
    return error(401, "missing or wrong bearer token");
  }
  std::string_view target = request.target;
  auto question = target.find('?');
  std::string_view path = target.substr(0, question);
  std::string_view query = question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
  auto parts = split_path(path);
  if (parts.empty() || parts[0] != "admin") return error(404, "unknown admin path");

  if (parts.size() == 2 && (parts[1] == "stats" || parts[1] == "endpoints")) {
    if (request.method != "GET") return error(405, "use GET");
    json::array list;
    for (const auto& s : server_.stats()) {
      if (parts[1] == "stats") {
        list.push_back(stats_json(s));
      } else {
        list.push_back(json::object{{"name", s.name}, {"address", s.address}});
      }
    }
    json::object out{{"instances", std::move(list)}};
    if (auto admin = server_.admin_endpoint()) out["admin"] = net::format_endpoint(*admin);
    return {200, json::serialize(out)};
  }

  if (parts.size() == 4 && parts[1] == "backends" && parts[3] == "recorded") {
    if (request.method != "GET") return error(405, "use GET");
    if (!server_.state(parts[2], 0)) return error(404, "no such backend");
    json::array list;
    for (const auto& r : server_.recorded(parts[2])) {
      list.push_back(json::object{{"instance", r.instance}, {"endpoint", r.endpoint}, {"sequence", r.sequence},
                                  {"method", r.method}, {"target", r.target}, {"content_type", r.content_type},
                                  {"body_bytes", r.body_bytes}, {"body", r.body}});
    }
    return {200, json::serialize(json::object{{"requests", std::move(list)}})};
  }

  // /admin/backends/{b}/instances/{i}/{action} or /admin/backends/{b}/{action}
  int instance = -1;
  std::string_view action;
  if (parts.size() == 6 && parts[1] == "backends" && parts[3] == "instances") {
    auto text = parts[4];
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), instance);
    if (text != "*" && (ec != std::errc{} || end != text.data() + text.size() || instance < 0)) {
      return error(400, "instance must be an index or *");
    }
    if (text == "*") instance = -1;
    action = parts[5];
  } else if (parts.size() == 4 && parts[1] == "backends") {
    action = parts[3];
  } else {
    return error(404, "unknown admin path");
  }
  if (request.method != "POST") return error(405, "use POST");
  const std::string backend(parts[2]);
  auto current = server_.state(backend, instance < 0 ? 0 : instance);
  if (!current) return error(404, "no such backend or instance");

  // Each action changes one aspect; applied to every selected instance's own current state.
  auto apply = [&](auto&& change) {
    int first = instance < 0 ? 0 : instance;
    for (int i = first;; ++i) {
      auto s = server_.state(backend, i);
      if (!s || (instance >= 0 && i != instance)) break;
      change(*s);
      server_.set_state(backend, i, *s);
    }
  };
  if (action == "fail") {
    int status = 503;
    if (auto text = query_param(query, "status"); !text.empty()) {
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), status);
      if (ec != std::errc{} || end != text.data() + text.size() || status < 100 || status > 599) {
        return error(400, "status must be 100..599");
      }
    }
    bool by_reset = query_param(query, "mode") == "reset";
    apply([&](instance_state& s) {
      s.failed = true;
      s.fail_status = status;
      s.fail_by_reset = by_reset;
    });
  } else if (action == "recover") {
    apply([](instance_state& s) { s = instance_state{}; });
  } else if (action == "slow") {
    auto latency = core::parse_duration(query_param(query, "latency"));
    if (!latency) return error(400, "slow needs ?latency=DURATION, e.g. 50ms");
    apply([&](instance_state& s) { s.extra_latency = *latency; });
  } else if (action == "unhealthy" || action == "healthy") {
    bool unhealthy = action == "unhealthy";
    apply([&](instance_state& s) { s.unhealthy = unhealthy; });
  } else {
    return error(404, "unknown action (fail, recover, slow, unhealthy, healthy)");
  }
  json::array states;
  for (const auto& s : server_.stats()) {
    if (s.backend == backend && (instance < 0 || s.instance == instance)) {
      states.push_back(json::object{{"name", s.name}, {"state", state_json(s.state)}});
    }
  }
  return {200, json::serialize(json::object{{"instances", std::move(states)}})};
}

}  // namespace portico::mock
