// gateway: listeners with ordered routes, per-backend upstream settings, limits. Forms:
//   backend: users                        one backend of weight 1
//   backends: [{backend: users, weight: 9}, {backend: users-v2, weight: 1}]
//   lb: least_request   or   lb: {algorithm: ring_hash, hash_on: header:X-User}
//   match: {path: /users/{id}}            a path with {captures} is a template (path_template)
//   aggregate: {user: {backend: users, path: /users/{id}}, ...}   (key = name in the merged doc)
//   upstreams: {users: {connect_timeout: 1s, health_check: {...}}}  (keys are backend names)
//   tls: {cert: FILE, key: FILE, min_version: "1.3", sni: [{host: NAME, cert: FILE}], client_ca: FILE,
//         client_cert: required}                                       (on a listener)
#include "core/config/sections.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>

namespace portico::core::detail {

struct single_backend_ref { std::vector<weighted_backend>& value; };
struct aggregate_map { std::vector<aggregate_call_config>& value; };
struct upstream_map { std::map<std::string, upstream_config>& value; };

template <class V>
void describe(V& v, route_match_config& c) {
  v.field("path", c.path, "Exact path; with {captures} (\"/users/{id}\") it is a template");
  v.field("path_prefix", c.path_prefix, "Path prefix");
  v.field("path_template", c.path_template, "Template \"/users/{id}\"; captures usable in rewrite and aggregate paths");
  v.field("path_regex", c.path_regex, "ECMAScript regex matching the whole path");
  v.field("host", c.host, "Host, exact or \"*.example.com\"");
  v.field("methods", string_list_ref{c.methods}, "Methods (a word or a list); none = any");
  v.field("headers", c.headers, "Header name -> exact value (\"*\" = present)");
  v.field("query", c.query, "Query parameter -> exact value (\"*\" = present)");
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, route_match_config& out) {
  if (!read_object(ctx, n, path, out)) return false;
  if (out.path.find('{') != std::string::npos) {
    if (!out.path_template.empty()) ctx.error(n["path"], path + ".path", "give either a templated path or path_template");
    out.path_template = std::move(out.path);
    out.path.clear();
  }
  if (!out.path_regex.empty()) {
    try {
      if (out.path_regex.size() > 512) throw std::regex_error(std::regex_constants::error_complexity);
      std::regex check(out.path_regex, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      ctx.error(n["path_regex"], path + ".path_regex", "not a valid ECMAScript regular expression (or longer than 512)");
    }
  }
  return true;
}

template <class V>
void describe(V& v, rewrite_config& c) {
  v.field("strip_prefix", c.strip_prefix, "Remove this prefix from the path");
  v.field("add_prefix", c.add_prefix, "Then add this prefix");
  v.field("path", c.path, "Replace the whole path; may use template captures \"{id}\"");
}

template <class V>
void describe(V& v, weighted_backend& c) {
  v.required("backend", c.backend, "Backend name", backend_ref);
  v.field("weight", c.weight, "Share of traffic relative to the other entries", at_least(0));
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, single_backend_ref out) {
  weighted_backend entry;
  if (!read_value(ctx, n, path, entry.backend)) return false;
  out.value.assign(1, entry);
  if (ctx.backend_names.count(entry.backend) == 0) {
    std::string message = "unknown backend '" + entry.backend + "'";
    if (auto hint = closest(entry.backend, ctx.backend_names); !hint.empty()) message += " (did you mean '" + std::string(hint) + "'?)";
    ctx.error(n, path, message);
  }
  return true;
}
json::object schema_of(schema_tag, const single_backend_ref&) { return {{"type", "string"}}; }

template <class V>
void describe(V& v, lb_config& c) {
  v.field("algorithm", c.algorithm, "Load-balancing algorithm");
  v.field("hash_on", c.hash_on, "ring_hash/maglev key: client_ip | header:NAME | cookie:NAME");
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, lb_config& out) {
  if (n.IsScalar()) return read_value(ctx, n, path, out.algorithm);
  return read_object(ctx, n, path, out);
}
json::object schema_of(schema_tag, const lb_config&) {
  lb_config defaults;
  schema_object s;
  describe(s, defaults);
  return one_of({schema_of(schema_tag{}, defaults.algorithm), s.finish()}, "An algorithm name, or {algorithm, hash_on}");
}

template <class V>
void describe(V& v, retry_config& c) {
  v.field("attempts", c.attempts, "Extra attempts after the first; 0 = no retries", between(0, 10));
  v.field("budget", fraction_ref{c.budget}, "Retries may add at most this fraction of active requests");
  v.field("backoff_base", c.backoff_base, "First backoff (jittered, doubling)");
  v.field("backoff_max", c.backoff_max, "Backoff cap");
  v.field("on_status", c.on_status, "Upstream statuses that are retried");
}

template <class V>
void describe(V& v, aggregate_call_config& c) {
  v.required("backend", c.backend, "Backend to call", backend_ref);
  v.required("path", c.path, "Path; may use template captures \"{id}\"");
  v.field("timeout", c.timeout, "Deadline for this call", positive);
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, aggregate_map out) {
  if (!expect_map(ctx, n, path)) return false;
  for (auto it = n.begin(); it != n.end(); ++it) {
    aggregate_call_config call;
    if (!read_value(ctx, it->first, path, call.name)) continue;
    if (read_object(ctx, it->second, path + "." + call.name, call)) out.value.push_back(std::move(call));
  }
  if (out.value.empty()) ctx.error(n, path, "needs at least one call");
  return true;
}
json::object schema_of(schema_tag, const aggregate_map&) {
  return {{"type", "object"}, {"minProperties", 1}, {"additionalProperties", schema_of(schema_tag{}, aggregate_call_config{})}};
}

template <class V>
void describe(V& v, response_shape_config& c) {
  v.field("allow", string_list_ref{c.allow}, "Keep only these top-level JSON members (empty = all)");
  v.field("remove", string_list_ref{c.remove}, "Then remove these members");
  v.field("rename", c.rename, "Then rename members: old -> new");
}

template <class V>
void describe(V& v, cache_config& c) {
  v.presence_flag("enabled", c.enabled, "GET response cache (on when the section is present)");
  v.field("ttl", c.ttl, "Freshness when the backend sends no Cache-Control max-age", positive);
  v.field("max_entries", c.max_entries, "Entries kept at most (LRU beyond)", at_least(1));
  v.field("max_bytes", size_ref{c.max_bytes}, "Bytes kept at most (LRU beyond)", at_least(1));
  v.field("key_headers", string_list_ref{c.key_headers}, "Request headers that are part of the key");
}

template <class V>
void describe(V& v, websocket_config& c) {
  v.presence_flag("enabled", c.enabled, "WebSocket upgrades are tunnelled (on when the section is present)");
  v.field("idle_timeout", c.idle_timeout, "Close the tunnel after this long without a byte either way", positive);
}

// `websocket: true` is short for `websocket: {}` (defaults), `false` for leaving it out.
bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, websocket_config& out) {
  if (n.IsScalar()) return read_value(ctx, n, path, out.enabled);
  return read_object(ctx, n, path, out);
}
json::object schema_of(schema_tag, const websocket_config&) {
  websocket_config defaults;
  schema_object s;
  describe(s, defaults);
  return one_of({{{"type", "boolean"}}, s.finish()}, "true, or {idle_timeout}");
}

template <class V>
void describe(V& v, route_config& c) {
  v.field("name", c.name, "Route name for reports and thresholds; default \"<listener>#<index>\"");
  v.field("match", c.match, "What requests this route takes; first matching route wins");
  v.field("rewrite", c.rewrite, "Path rewrite before forwarding");
  v.field("backend", single_backend_ref{c.backends}, "Backend name (shorthand for backends: [{backend: NAME}])");
  v.field("backends", c.backends, "Weighted backends (traffic split)");
  v.field("lb", c.lb, "Load balancing over the instances");
  v.field("timeout", c.timeout, "Upstream deadline", positive);
  v.field("retries", c.retries, "Retry policy");
  v.field("auth", c.auth, "Authentication");
  v.field("rate_limit", c.rate_limit, "Rate limit");
  v.field("aggregate", aggregate_map{c.aggregate}, "Calls to fan out to, merged into one JSON document by key");
  v.field("on_partial", c.on_partial, "Aggregation: what to do when a call fails");
  v.field("aggregate_merge", c.aggregate_merge, "Aggregation: by_key (one member per call) or top_level (members merged)");
  v.field("compose", aggregate_map{c.compose}, "Sequential calls in document order; paths may use {step.field} of earlier answers");
  v.field("cache", c.cache, "GET response cache");
  v.field("shape", c.shape, "Reshape the backend's JSON object answer (BFF)");
  v.field("compress", c.compress, "gzip responses when the client accepts it");
  v.field("websocket", c.websocket, "Tunnel WebSocket upgrades to the backend (off: upgrades are refused with 403)");
  v.location(c.where);
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, route_config& out) {
  if (!read_object(ctx, n, path, out)) return false;
  const bool single = static_cast<bool>(n["backend"]), list = static_cast<bool>(n["backends"]);
  if (single && list) ctx.error(n, path, "give either backend or backends, not both");
  if (!single && !list && out.aggregate.empty() && !n["aggregate"] && out.compose.empty() && !n["compose"]) {
    ctx.error(n, path, "needs backend, backends, aggregate or compose");
  }
  // Those patterns answer through their own client, never the forwarder that opens tunnels.
  const bool shaping = !out.shape.allow.empty() || !out.shape.remove.empty() || !out.shape.rename.empty();
  if (out.websocket.enabled && (!out.aggregate.empty() || !out.compose.empty() || out.cache.enabled || shaping)) {
    ctx.error(n["websocket"], path + ".websocket",
              "a WebSocket route forwards to backend(s): not with aggregate, compose, cache or shape");
  }
  return true;
}

// "1.2" or "1.3"; YAML readers see an unquoted 1.2 as a number, so the schema takes both.
struct tls_version_ref { std::string& value; };

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, tls_version_ref out) {
  std::string text;
  if (!read_value(ctx, n, path, text)) return false;
  if (text != "1.2" && text != "1.3") {
    ctx.error(n, path, "unknown TLS version '" + text + "'; allowed: 1.2, 1.3");
    return false;
  }
  out.value = text;
  return true;
}
json::object schema_of(schema_tag, const tls_version_ref&) { return {{"enum", json::array{"1.2", "1.3", 1.2, 1.3}}}; }
std::optional<json::value> default_of(schema_tag, const tls_version_ref& v) { return json::value(v.value); }

bool valid_sni_host(std::string_view host) {
  if (host.rfind("*.", 0) == 0) host.remove_prefix(2);
  if (host.empty() || host.size() > 253) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

template <class V>
void describe(V& v, tls_sni_config& c) {
  v.required("host", c.host, "Server name, exact or \"*.example.com\"");
  v.required("cert", file_ref{c.cert}, "PEM certificate chain presented for this name");
  v.field("key", file_ref{c.key}, "PEM private key; default: in the cert file");
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, tls_sni_config& out) {
  if (!read_object(ctx, n, path, out)) return false;
  if (!out.host.empty() && !valid_sni_host(out.host))
    ctx.error(n["host"], path + ".host", "not a host name (letters, digits, '-', '.'; optionally \"*.\" first)");
  return true;
}

template <class V>
void describe(V& v, tls_config& c) {
  v.presence_flag("enabled", c.enabled, "TLS termination (on when the section is present)");
  v.required("cert", file_ref{c.cert}, "PEM certificate chain: the default certificate");
  v.field("key", file_ref{c.key}, "PEM private key; default: in the cert file");
  v.field("min_version", tls_version_ref{c.min_version}, "Lowest TLS version accepted: 1.2 or 1.3");
  v.field("sni", c.sni, "Certificates chosen by the client's server name (SNI); others get the default");
  v.field("client_ca", file_ref{c.client_ca}, "PEM CA bundle that client certificates must chain to");
  v.field("client_cert", c.client_cert,
          "Client certificates: none; optional (untrusted ones refused, routes decide with auth: {mtls}); required (handshake fails without a trusted one)");
  v.field("handshake_timeout", c.handshake_timeout, "Deadline for the TLS handshake", positive);
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, tls_config& out) {
  if (!read_object(ctx, n, path, out)) return false;
  const bool asks = out.client_cert != tls_config::client_cert_mode::none;
  if (asks && out.client_ca.empty() && !n["client_ca"])
    ctx.error(n, path + ".client_ca", "client_cert: " + std::string(enum_name(out.client_cert)) + " needs client_ca");
  const YAML::Node mode = n["client_cert"];  // a bad value is reported already: no follow-up error
  if (!asks && !out.client_ca.empty() && (!mode || (mode.IsScalar() && mode.Scalar() == "none")))
    ctx.error(n["client_ca"], path + ".client_ca", "unused: set client_cert to optional or required");
  std::set<std::string> hosts;
  for (std::size_t i = 0; i < out.sni.size(); ++i) {
    std::string host = out.sni[i].host;
    std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!host.empty() && !hosts.insert(host).second)
      ctx.error(n["sni"][i]["host"], path + ".sni[" + std::to_string(i) + "].host", "duplicate server name '" + out.sni[i].host + "'");
  }
  return true;
}

template <class V>
void describe(V& v, listener_config& c) {
  v.field("name", c.name, "Listener name");
  v.field("address", c.address, "host:port to listen on; port 0 = ephemeral", host_port);
  v.field("tls", c.tls, "TLS termination");
  v.field("routes", c.routes, "Routes in match order");
  v.location(c.where);
}

template <class V>
void describe(V& v, health_check_config& c) {
  v.presence_flag("enabled", c.enabled, "Active health checks (on when the section is present)");
  v.field("path", c.path, "Path probed on each instance");
  v.field("interval", c.interval, "Time between probes", positive);
  v.field("timeout", c.timeout, "Probe deadline", positive);
  v.field("healthy_threshold", c.healthy_threshold, "Successes to mark healthy", at_least(1));
  v.field("unhealthy_threshold", c.unhealthy_threshold, "Failures to mark unhealthy", at_least(1));
}

template <class V>
void describe(V& v, outlier_detection_config& c) {
  v.presence_flag("enabled", c.enabled, "Passive outlier ejection (on when the section is present)");
  v.field("consecutive_5xx", c.consecutive_5xx, "5xx answers in a row that eject", at_least(1));
  v.field("consecutive_connect_failures", c.consecutive_connect_failures, "Connect failures in a row that eject", at_least(1));
  v.field("base_ejection", c.base_ejection, "Ejection time; grows linearly with repeats", positive);
  v.field("max_ejection_percent", fraction_ref{c.max_ejection_percent}, "Never eject more than this share of instances");
}

template <class V>
void describe(V& v, circuit_breaker_config& c) {
  v.presence_flag("enabled", c.enabled, "Circuit breaker (on when the section is present)");
  v.field("max_pending", c.max_pending, "Requests waiting for a connection at most", at_least(1));
  v.field("max_requests", c.max_requests, "Requests in flight at most", at_least(1));
  v.field("consecutive_failures", c.consecutive_failures, "Failures in a row that open the breaker", at_least(1));
  v.field("open_for", c.open_for, "Time open before half-open probes", positive);
  v.field("half_open_probes", c.half_open_probes, "Probes allowed while half-open", at_least(1));
}

template <class V>
void describe(V& v, upstream_config& c) {
  v.field("connect_timeout", c.connect_timeout, "TCP connect deadline", positive);
  v.field("max_idle_connections", c.max_idle_connections, "Idle keep-alive connections kept per instance and proxy thread", at_least(0));
  v.field("health_check", c.health_check, "Active health checking");
  v.field("outlier_detection", c.outlier_detection, "Passive outlier detection");
  v.field("circuit_breaker", c.circuit_breaker, "Circuit breaking");
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, upstream_map out) {
  if (!expect_map(ctx, n, path)) return false;
  for (auto it = n.begin(); it != n.end(); ++it) {
    std::string name;
    if (!read_value(ctx, it->first, path, name)) continue;
    if (ctx.backend_names.count(name) == 0) {
      std::string message = "unknown backend '" + name + "'";
      if (auto hint = closest(name, ctx.backend_names); !hint.empty()) message += " (did you mean '" + std::string(hint) + "'?)";
      ctx.error(it->first, path + "." + name, message);
    }
    upstream_config upstream;
    if (read_object(ctx, it->second, path + "." + name, upstream)) out.value[name] = std::move(upstream);
  }
  return true;
}
json::object schema_of(schema_tag, const upstream_map&) {
  return {{"type", "object"}, {"additionalProperties", schema_of(schema_tag{}, upstream_config{})}};
}

template <class V>
void describe(V& v, gateway_limits_config& c) {
  v.field("max_header_bytes", size_ref{c.max_header_bytes}, "Request header size limit", at_least(1));
  v.field("max_body_bytes", size_ref{c.max_body_bytes}, "Request body size limit");
  v.field("header_timeout", c.header_timeout, "Deadline for reading request headers", positive);
  v.field("idle_timeout", c.idle_timeout, "Keep-alive idle timeout", positive);
}

template <class V>
void describe(V& v, tracing_config& c) {
  v.presence_flag("enabled", c.enabled, "W3C trace-context spans (on when the section is present)");
  v.field("service_name", c.service_name, "service.name of the gateway's spans");
  v.field("sample_ratio", fraction_ref{c.sample_ratio}, "Share of new traces sampled (an incoming sampled flag is honoured)");
  v.field("otlp_file", c.otlp_file, "Write OTLP/HTTP JSON export requests here, one per line");
  v.field("zipkin_file", c.zipkin_file, "Write Zipkin v2 JSON span lists here, one per line");
  v.field("otlp_endpoint", c.otlp_endpoint, "POST OTLP/HTTP JSON to this collector: http://IP:PORT[/PATH] (default path /v1/traces)");
  v.field("zipkin_endpoint", c.zipkin_endpoint, "POST Zipkin v2 JSON to this collector: http://IP:PORT[/PATH] (default path /api/v2/spans)");
  v.field("batch_size", c.batch_size, "Spans per exported batch at most", between(1, 65536));
  v.field("batch_delay", c.batch_delay, "Longest a finished span waits before it is exported", positive);
  v.field("queue_size", c.queue_size, "Spans buffered for export at most (beyond: dropped and counted)", between(1, 16777216));
  v.field("export_timeout", c.export_timeout, "Deadline of one POST to a collector", positive);
  v.field("b3", c.b3, "Also propagate the B3 single header upstream");
}

// A collector URL: plain HTTP to an IP and port (the gateway neither resolves names nor speaks
// TLS to collectors); the format's standard path when none is given.
void check_export_endpoint(read_context& ctx, const YAML::Node& n, const std::string& path, std::string& target,
                           std::string_view default_path) {
  if (target.empty()) return;
  constexpr std::string_view scheme = "http://";
  const bool http = target.rfind(scheme, 0) == 0;
  const auto slash = http ? target.find('/', scheme.size()) : std::string::npos;
  const std::string authority = http ? target.substr(scheme.size(), slash == std::string::npos ? std::string::npos : slash - scheme.size()) : "";
  if (!http || !is_host_port(authority)) {
    ctx.error(n, path, "expected http://IP:PORT or http://IP:PORT/PATH (no https), got '" + target + "'");
    return;
  }
  if (slash == std::string::npos) target += default_path;
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, tracing_config& out) {
  if (!read_object(ctx, n, path, out)) return false;
  if (!n.IsMap()) return true;
  check_export_endpoint(ctx, n["otlp_endpoint"], path + ".otlp_endpoint", out.otlp_endpoint, "/v1/traces");
  check_export_endpoint(ctx, n["zipkin_endpoint"], path + ".zipkin_endpoint", out.zipkin_endpoint, "/api/v2/spans");
  return true;
}

template <class V>
void describe(V& v, gateway_config& c) {
  v.presence_flag("enabled", c.enabled, "Start the reference gateway (on when the section is present)");
  v.field("address", c.address, "External gateway host:port; Portico then starts none", host_port);
  v.field("admin", c.admin, "Admin API host:port", host_port);
  v.field("admin_token", c.admin_token, "Admin requests need \"Authorization: Bearer <token>\"");
  v.field("threads", c.threads, "I/O threads", between(1, 256));
  v.field("listeners", c.listeners, "Listeners");
  v.field("upstreams", upstream_map{c.upstreams}, "Per-backend upstream settings (keys are backend names)");
  v.field("limits", c.limits, "Request limits and timeouts");
  v.field("access_log", c.access_log, "Access log file; empty = off");
  v.field("tracing", c.tracing, "Distributed tracing");
  v.location(c.where);
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, gateway_config& out) {
  out.enabled = true;
  if (!read_object(ctx, n, path, out)) return false;
  if (out.listeners.empty() && out.address.empty() && out.enabled) {
    ctx.error(n, path, "needs at least one listener (or an external address)");
  }
  const YAML::Node listeners = n.IsMap() ? n["listeners"] : YAML::Node();
  std::set<std::string> listener_names, route_names;
  for (std::size_t i = 0; i < out.listeners.size() && listeners.IsSequence() && i < listeners.size(); ++i) {
    auto& listener = out.listeners[i];
    const std::string lpath = path + ".listeners[" + std::to_string(i) + "]";
    if (!listener_names.insert(listener.name).second) {
      const YAML::Node name = child(listeners[i], "name");
      ctx.error(name ? name : listeners[i], lpath + ".name", "duplicate listener name '" + listener.name + "'");
    }
    const YAML::Node routes = child(listeners[i], "routes");
    for (std::size_t r = 0; r < listener.routes.size() && routes.IsSequence() && r < routes.size(); ++r) {
      auto& route = listener.routes[r];
      if (route.auth.mtls && (!listener.tls.enabled || listener.tls.client_cert == tls_config::client_cert_mode::none)) {
        const YAML::Node auth = child(routes[r], "auth");
        ctx.error(child(auth, "mtls") ? child(auth, "mtls") : routes[r], lpath + ".routes[" + std::to_string(r) + "].auth.mtls",
                  "needs the listener's tls with client_cert: optional or required");
      }
      // The tunnel relays raw socket bytes; over TLS it would need the session's TLS stream on the
      // client side, which it does not have yet.
      if (route.websocket.enabled && listener.tls.enabled) {
        const YAML::Node ws = child(routes[r], "websocket");
        ctx.error(ws ? ws : routes[r], lpath + ".routes[" + std::to_string(r) + "].websocket",
                  "WebSocket tunnels are not supported on a TLS listener yet (use a plain listener for this route)");
      }
      if (route.name.empty()) route.name = listener.name + "#" + std::to_string(r);
      if (!route_names.insert(route.name).second) {
        const YAML::Node name = child(routes[r], "name");
        ctx.error(name ? name : routes[r], lpath + ".routes[" + std::to_string(r) + "].name",
                  "duplicate route name '" + route.name + "'");
      }
    }
  }
  return true;
}

json::object schema_of(schema_tag, const gateway_config&) {
  gateway_config defaults;
  schema_object s;
  describe(s, defaults);
  return s.finish("The reference gateway");
}

}  // namespace portico::core::detail
