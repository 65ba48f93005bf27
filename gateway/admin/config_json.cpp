#include "gateway/admin/config_json.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <array>

namespace portico::gateway {

namespace json = boost::json;

namespace {

double ms(std::chrono::nanoseconds d) { return static_cast<double>(d.count()) / 1e6; }

const char* lb_name(core::lb_algorithm a) {
  static constexpr std::array<const char*, 7> names{"round_robin", "weighted_round_robin", "least_request", "p2c",
                                                    "random",      "ring_hash",            "maglev"};
  return names[static_cast<std::size_t>(a)];
}

const char* rate_algorithm_name(core::rate_limit_config::algorithm a) {
  static constexpr std::array<const char*, 4> names{"fixed_window", "sliding_window", "token_bucket", "leaky_bucket"};
  return names[static_cast<std::size_t>(a)];
}

json::object strings(const std::map<std::string, std::string>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

json::object match_json(const core::route_match_config& m) {
  json::object o;
  auto put = [&](const char* key, const std::string& v) {
    if (!v.empty()) o[key] = v;
  };
  put("path", m.path);
  put("path_prefix", m.path_prefix);
  put("path_template", m.path_template);
  put("path_regex", m.path_regex);
  put("host", m.host);
  if (!m.methods.empty()) o["methods"] = json::value_from(m.methods);
  if (!m.headers.empty()) o["headers"] = strings(m.headers);
  if (!m.query.empty()) o["query"] = strings(m.query);
  return o;
}

json::object route_json(const core::route_config& r) {
  json::object o{{"name", r.name}, {"match", match_json(r.match)}};
  json::object rewrite;
  if (!r.rewrite.strip_prefix.empty()) rewrite["strip_prefix"] = r.rewrite.strip_prefix;
  if (!r.rewrite.add_prefix.empty()) rewrite["add_prefix"] = r.rewrite.add_prefix;
  if (!r.rewrite.path.empty()) rewrite["path"] = r.rewrite.path;
  if (!rewrite.empty()) o["rewrite"] = std::move(rewrite);
  json::array backends;
  for (const auto& b : r.backends) backends.push_back(json::object{{"backend", b.backend}, {"weight", b.weight}});
  o["backends"] = std::move(backends);
  o["lb"] = json::object{{"algorithm", lb_name(r.lb.algorithm)}, {"hash_on", r.lb.hash_on}};
  o["timeout_ms"] = ms(r.timeout);
  o["retries"] = json::object{{"attempts", r.retries.attempts},
                              {"budget", r.retries.budget},
                              {"backoff_base_ms", ms(r.retries.backoff_base)},
                              {"backoff_max_ms", ms(r.retries.backoff_max)},
                              {"on_status", json::value_from(r.retries.on_status)}};
  json::array auth;  // kinds only: keys and secrets stay private
  if (r.auth.api_key) auth.emplace_back("api_key");
  if (r.auth.jwt) auth.emplace_back("jwt");
  if (r.auth.basic) auth.emplace_back("basic");
  if (r.auth.introspection) auth.emplace_back("introspection");
  if (r.auth.mtls) auth.emplace_back("mtls");
  if (!auth.empty()) o["auth"] = std::move(auth);
  if (r.rate_limit) {
    const auto& rl = *r.rate_limit;
    const bool redis = rl.where == core::rate_limit_config::store::redis;
    // rate_per_second: buckets are configured by rate alone (limit 0), so without it the
    // document could not tell a 500/s bucket from a 5/s one.
    json::object limit{{"algorithm", rate_algorithm_name(rl.algo)},
                       {"rate_per_second", rl.limit_rate.per_second},
                       {"limit", rl.limit},
                       {"window_ms", ms(rl.window)},
                       {"burst", rl.burst},
                       {"key", json::value_from(rl.key)},
                       {"store", redis ? "redis" : "local"}};
    if (redis) limit["redis"] = rl.redis;
    o["rate_limit"] = std::move(limit);
  }
  if (!r.aggregate.empty()) {
    json::array calls;
    for (const auto& c : r.aggregate) calls.push_back(json::object{{"name", c.name}, {"backend", c.backend}, {"path", c.path}});
    o["aggregate"] = std::move(calls);
  }
  o["compress"] = r.compress;
  return o;
}

json::object upstream_json(const core::upstream_config& u) {
  const auto& h = u.health_check;
  const auto& od = u.outlier_detection;
  const auto& cb = u.circuit_breaker;
  return json::object{
      {"connect_timeout_ms", ms(u.connect_timeout)},
      {"max_idle_connections", u.max_idle_connections},
      {"health_check", json::object{{"enabled", h.enabled}, {"path", h.path}, {"interval_ms", ms(h.interval)}, {"timeout_ms", ms(h.timeout)},
                                    {"healthy_threshold", h.healthy_threshold}, {"unhealthy_threshold", h.unhealthy_threshold}}},
      {"outlier_detection", json::object{{"enabled", od.enabled}, {"consecutive_5xx", od.consecutive_5xx},
                                         {"consecutive_connect_failures", od.consecutive_connect_failures},
                                         {"base_ejection_ms", ms(od.base_ejection)}, {"max_ejection_percent", od.max_ejection_percent}}},
      {"circuit_breaker", json::object{{"enabled", cb.enabled}, {"max_pending", cb.max_pending}, {"max_requests", cb.max_requests},
                                       {"consecutive_failures", cb.consecutive_failures}, {"open_for_ms", ms(cb.open_for)},
                                       {"half_open_probes", cb.half_open_probes}}}};
}

}  // namespace

json::value config_to_json(const core::gateway_config& c) {
  json::array listeners;
  for (const auto& l : c.listeners) {
    json::array routes;
    for (const auto& r : l.routes) routes.push_back(route_json(r));
    json::object listener{{"name", l.name}, {"address", l.address}, {"routes", std::move(routes)}};
    if (l.tls.enabled) {  // file names only; key material never leaves the process
      static constexpr std::array<const char*, 3> modes{"none", "optional", "required"};
      json::array names;
      for (const auto& s : l.tls.sni) names.emplace_back(s.host);
      listener["tls"] = json::object{{"cert", l.tls.cert},
                                     {"min_version", l.tls.min_version},
                                     {"sni", std::move(names)},
                                     {"client_cert", modes[static_cast<std::size_t>(l.tls.client_cert)]}};
    }
    listeners.push_back(std::move(listener));
  }
  json::object upstreams;
  for (const auto& [name, u] : c.upstreams) upstreams[name] = upstream_json(u);
  return json::object{{"threads", c.threads},
                      {"admin", c.admin},
                      {"admin_token", c.admin_token.empty() ? "" : "<redacted>"},
                      {"access_log", c.access_log},
                      {"limits", json::object{{"max_header_bytes", c.limits.max_header_bytes},
                                              {"max_body_bytes", c.limits.max_body_bytes},
                                              {"header_timeout_ms", ms(c.limits.header_timeout)},
                                              {"idle_timeout_ms", ms(c.limits.idle_timeout)}}},
                      {"listeners", std::move(listeners)},
                      {"upstreams", std::move(upstreams)}};
}

std::string upstream_signature(const core::upstream_config& config) { return json::serialize(upstream_json(config)); }

}  // namespace portico::gateway
