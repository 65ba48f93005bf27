// backends: the mock services. Shorthand forms handled here:
//   latency: 5ms                         fixed (same as {fixed: 5ms})
//   latency: {lognormal: {p50: 4ms, p99: 30ms}}   or {lognormal: {mu: 1.4, sigma: 0.6}}
//            {uniform: {min, max}} {normal: {mean, stddev}} {exponential: {mean}}
//            {pareto: {scale, shape}} {empirical: {p50: 2ms, p90: 5ms, p99: 20ms}}
//            every kind but fixed/uniform also takes `max:` (a clamp)
//   body: "text" | {text: ...} | {json: <any YAML>} | {size: 4KiB} (random bytes) | {file: PATH},
//         + content_type
//   faults: {status: "503:1%,504:0.5%", reset: 1%, hang: 0.1%, ...}
//   match: "GET /users/{id}" (method optional; "*" matches everything)
#include "core/config/sections.hpp"

#include <algorithm>
#include <cctype>

namespace portico::core::detail {

using lkind = latency_config::kind;

inline constexpr std::pair<std::string_view, lkind> latency_kinds[] = {
    {"fixed", lkind::fixed},         {"uniform", lkind::uniform},         {"normal", lkind::normal},
    {"lognormal", lkind::lognormal}, {"exponential", lkind::exponential}, {"pareto", lkind::pareto},
    {"empirical", lkind::empirical}};

struct percentile_map { std::vector<std::pair<double, nanoseconds>>& value; };
struct status_list { std::vector<status_fault>& value; };
struct endpoint_match { endpoint_config& value; };

template <class V>
void describe_latency(V& v, latency_config& c, lkind k) {
  switch (k) {
    case lkind::fixed:
      break;
    case lkind::uniform:
      v.required("min", c.min, "Lower bound");
      v.required("max", c.max, "Upper bound", positive);
      return;
    case lkind::normal:
      v.required("mean", c.mean, "Mean");
      v.required("stddev", c.stddev, "Standard deviation");
      break;
    case lkind::lognormal:
      v.field("p50", c.p50, "Median (give p50 and p99, or mu and sigma)", positive);
      v.field("p99", c.p99, "99th percentile; must exceed p50", positive);
      v.field("mu", c.mu, "Mean of ln(latency / 1ms)");
      v.field("sigma", c.sigma, "Standard deviation of ln(latency / 1ms)", positive);
      break;
    case lkind::exponential:
      v.required("mean", c.mean, "Mean", positive);
      break;
    case lkind::pareto:
      v.required("scale", c.scale, "Minimum value x_m", positive);
      v.required("shape", c.shape, "Tail index alpha (smaller = heavier tail)", positive);
      break;
    case lkind::empirical:
      v.field("max", c.max, "Clamp: no sample exceeds this");
      return;
  }
  if (k != lkind::fixed) v.field("max", c.max, "Clamp: no sample exceeds this");
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, percentile_map out) {
  if (!expect_map(ctx, n, path)) return false;
  for (auto it = n.begin(); it != n.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
    if (key == "max") continue;  // the clamp, read by the table
    const bool digits = key.size() >= 2 && key[0] == 'p' &&
                        std::all_of(key.begin() + 1, key.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
    if (!digits || key.size() > 8) {
      ctx.error(it->first, path + "." + key, "expected a percentile key like p50, p90, p99, p999 (or max), got " + show(it->first));
      continue;
    }
    // p5 = 5%, p50 = 50%, p999 = 99.9%, p9999 = 99.99%, p100 = 100%.
    const std::string number = key.substr(1);
    double percent = number == "100" ? 100 : std::stod(number.substr(0, 2) + (number.size() > 2 ? "." + number.substr(2) : ""));
    nanoseconds value{0};
    if (!read_value(ctx, it->second, path + "." + key, value)) continue;
    out.value.emplace_back(percent / 100, value);
  }
  std::sort(out.value.begin(), out.value.end());
  for (std::size_t i = 1; i < out.value.size(); ++i) {
    if (out.value[i].second < out.value[i - 1].second || out.value[i].first == out.value[i - 1].first) {
      ctx.error(n, path, "percentile values must grow with the percentile");
      return false;
    }
  }
  if (out.value.empty()) ctx.error(n, path, "needs at least one percentile, e.g. {p50: 2ms, p99: 20ms}");
  return !out.value.empty();
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, latency_config& out) {
  if (n.IsScalar()) {
    out.type = lkind::fixed;
    return read_value(ctx, n, path, out.value);
  }
  if (!expect_map(ctx, n, path)) return false;
  if (n.size() != 1) {
    ctx.error(n, path, "expected exactly one distribution key: fixed, uniform, normal, lognormal, exponential, pareto or empirical");
    return false;
  }
  const auto entry = n.begin();
  const std::string key = entry->first.IsScalar() ? entry->first.Scalar() : std::string();
  const std::string sub = path + "." + key;
  for (const auto& [name, kind] : latency_kinds) {
    if (key != name) continue;
    out.type = kind;
    if (kind == lkind::fixed) return read_value(ctx, entry->second, sub, out.value);
    if (!expect_map(ctx, entry->second, sub)) return false;
    object_reader r(ctx, entry->second, sub);
    describe_latency(r, out, kind);
    if (kind == lkind::empirical) {
      read_value(ctx, entry->second, sub, percentile_map{out.percentiles});
      return true;  // its keys are percentiles, not a field table
    }
    r.finish();
    if (kind == lkind::lognormal) {
      const bool by_percentiles = r.has("p50") || r.has("p99");
      const bool by_parameters = r.has("mu") || r.has("sigma");
      if (by_percentiles == by_parameters || (by_percentiles && !(r.has("p50") && r.has("p99"))) ||
          (by_parameters && !(r.has("mu") && r.has("sigma")))) {
        ctx.error(entry->second, sub, "give either p50 and p99, or mu and sigma");
      } else if (by_percentiles && out.p99 <= out.p50) {
        ctx.error(r.find("p99"), sub + ".p99", "must be greater than p50");
      }
    }
    if (kind == lkind::uniform && out.max < out.min) ctx.error(r.find("max"), sub + ".max", "must not be less than min");
    return true;
  }
  std::string message = "unknown latency distribution '" + key + "'";
  std::vector<std::string_view> names;
  for (const auto& k : latency_kinds) names.push_back(k.first);
  if (auto hint = closest(key, names); !hint.empty()) message += " (did you mean '" + std::string(hint) + "'?)";
  ctx.error(entry->first, sub, message + "; allowed: fixed, uniform, normal, lognormal, exponential, pareto, empirical");
  return false;
}

json::object schema_of(schema_tag, const latency_config&) {
  json::object fixed = schema_of(schema_tag{}, nanoseconds{});
  fixed["description"] = "Fixed latency";
  json::array forms{std::move(fixed)};
  static constexpr const char* latency_docs[] = {
      "Fixed latency", "Uniform between min and max", "Normal (truncated at 0)",
      "Lognormal: from two percentiles (p50, p99) or from mu and sigma", "Exponential (memoryless)",
      "Pareto: heavy tail above scale", "Empirical: interpolated between percentile points"};
  json::object max_clamp = schema_of(schema_tag{}, nanoseconds{});
  max_clamp["description"] = "Clamp: no sample exceeds this";
  for (const auto& [name, kind] : latency_kinds) {
    json::object body;
    if (kind == lkind::fixed) {
      body = schema_of(schema_tag{}, nanoseconds{});
    } else if (kind == lkind::empirical) {
      body = {{"type", "object"},
              {"description", "Percentile points, interpolated: {p50: 2ms, p90: 5ms, p99: 20ms}"},
              {"properties", {{"max", max_clamp}}},
              {"patternProperties", {{"^p[0-9]{1,7}$", schema_of(schema_tag{}, nanoseconds{})}}},
              {"additionalProperties", false},
              {"minProperties", 1}};
    } else {
      latency_config defaults;
      schema_object s;
      describe_latency(s, defaults, kind);
      body = s.finish();
    }
    body["description"] = latency_docs[static_cast<int>(kind)];
    forms.emplace_back(json::object{{"type", "object"},
                                    {"properties", {{name, std::move(body)}}},
                                    {"required", json::array{name}},
                                    {"additionalProperties", false}});
  }
  return {{"description", "Latency distribution: a duration (fixed) or {kind: {parameters}}"},
          {"oneOf", std::move(forms)}};
}

template <class V>
void describe(V& v, body_config& c) {
  v.field("text", c.content, "Literal body; may hold {param} placeholders from the endpoint path");
  v.field("json", json_text_ref{c.content}, "Any YAML value, sent as compact JSON; strings may hold {param} placeholders");
  v.field("size", size_ref{c.size}, "Alone: that many random bytes; with text/json: pad to at least this size");
  v.field("file", c.file,
          "Serve this file's bytes as they are, re-read on every request (rewrite it to change the answer, e.g. a JWKS "
          "being rotated); for small documents");
  v.field("content_type", c.content_type, "Content-Type; default from the kind (text/plain, application/json, application/octet-stream)");
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, body_config& out) {
  if (n.IsScalar()) {
    out.type = body_config::kind::text;
    out.content = n.Scalar();
    return true;
  }
  if (!expect_map(ctx, n, path)) return false;
  object_reader r(ctx, n, path);
  describe(r, out);
  r.finish();
  if (r.has("json") && r.has("text")) ctx.error(n, path, "give either json or text, not both");
  if (r.has("file") && (r.has("json") || r.has("text") || r.has("size"))) ctx.error(n, path, "file stands alone: no json, text or size");
  out.type = r.has("file")   ? body_config::kind::file
             : r.has("json") ? body_config::kind::json
             : r.has("text") ? body_config::kind::text
             : r.has("size") ? body_config::kind::random_bytes
                             : body_config::kind::empty;
  return true;
}

json::object schema_of(schema_tag, const body_config&) {
  body_config defaults;
  schema_object s;
  describe(s, defaults);
  json::object object = s.finish();
  object["not"] = {{"anyOf", json::array{json::object{{"required", json::array{"json", "text"}}},
                                          json::object{{"required", json::array{"file", "json"}}},
                                          json::object{{"required", json::array{"file", "text"}}},
                                          json::object{{"required", json::array{"file", "size"}}}}}};
  return one_of({{{"type", "string"}, {"description", "Literal text body"}}, std::move(object)}, "Response body");
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, status_list out) {
  std::string text;
  if (!read_value(ctx, n, path, text)) return false;
  // "503:1%,504:0.5%"
  std::size_t start = 0;
  double total = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    const std::size_t colon = item.find(':');
    status_fault fault;
    // A plain double plus a flag rather than std::optional: GCC 12 at -O2 cannot see through the
    // optional here and warns "may be used uninitialized".
    double probability = 0;
    bool probability_ok = false;
    if (colon != std::string::npos) {
      if (const auto parsed = parse_fraction(item.substr(colon + 1))) {
        probability = *parsed;
        probability_ok = true;
      }
    }
    const std::string code = item.substr(0, colon == std::string::npos ? 0 : colon);
    const bool code_ok = code.size() == 3 && std::all_of(code.begin(), code.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
    if (!probability_ok || !code_ok || probability > 1 || code[0] < '1' || code[0] > '5') {
      ctx.error(n, path, "expected STATUS:PROBABILITY[,...] like \"503:1%,504:0.5%\", got '" + item + "'");
      return false;
    }
    fault.status = std::stoi(code);
    fault.probability = probability;
    total += fault.probability;
    out.value.push_back(fault);
    start = comma + 1;
  }
  if (total > 1) ctx.error(n, path, "status probabilities add up to more than 100%");
  return total <= 1;
}

json::object schema_of(schema_tag, const status_list&) {
  return {{"type", "string"}, {"pattern", "^[1-5][0-9]{2}:[0-9]+(\\.[0-9]+)?%?(,[1-5][0-9]{2}:[0-9]+(\\.[0-9]+)?%?)*$"}};
}

template <class V>
void describe(V& v, fault_config& c) {
  v.field("status", status_list{c.statuses}, "Error statuses with probabilities: \"503:1%,504:0.5%\"");
  v.field("reset", fraction_ref{c.reset}, "Probability of closing the connection with RST instead of answering");
  v.field("close_mid_body", fraction_ref{c.close_mid_body}, "Probability of sending headers and half the body, then closing");
  v.field("hang", fraction_ref{c.hang}, "Probability of never answering");
  v.field("malformed", fraction_ref{c.malformed}, "Probability of answering with bytes that are not HTTP/1.1");
  v.field("slow_body", fraction_ref{c.slow_body}, "Probability of trickling the body");
  v.field("slow_body_bytes_per_second", size_ref{c.slow_body_bytes_per_second}, "Trickle speed", at_least(1));
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, endpoint_match out) {
  std::string text;
  if (!read_value(ctx, n, path, text)) return false;
  std::string method, target = text;
  if (const std::size_t space = text.find(' '); space != std::string::npos) {
    method = text.substr(0, space);
    target = text.substr(std::min(text.find_first_not_of(' ', space), text.size()));
  }
  const bool method_ok = std::all_of(method.begin(), method.end(), [](char ch) { return std::isupper(static_cast<unsigned char>(ch)); });
  if (!method_ok || target.empty() || (target != "*" && target[0] != '/')) {
    ctx.error(n, path, "expected \"[METHOD] /path\" like \"GET /users/{id}\" or \"*\", got " + show(n));
    return false;
  }
  out.value.method = method;
  out.value.path = target;
  return true;
}

json::object schema_of(schema_tag, const endpoint_match&) {
  return {{"type", "string"}, {"pattern", "^([A-Z]+ +)?(/.*|\\*)$"}};
}

template <class V>
void describe(V& v, endpoint_config& c) {
  v.required("match", endpoint_match{c}, "\"[METHOD] /path\": literal or template (/users/{id}); \"*\" matches everything");
  v.field("status", c.status, "Response status", between(100, 599));
  v.field("latency", c.latency, "Service time distribution");
  v.field("body", c.body, "Response body");
  v.field("headers", c.headers, "Extra response headers");
  v.field("faults", c.faults, "Injected faults, each independent per request");
  v.field("record", c.record, "Keep the last N requests per instance (body included), listed by the admin API", between(0, 100000));
  v.field("websocket", c.websocket, "echo: accept WebSocket upgrades and echo every message (others get 426)");
  v.location(c.where);
}

template <class V>
void describe(V& v, capacity_config& c) {
  v.field("workers", c.workers, "Requests served at once (M/G/c servers); 0 = unlimited", at_least(0));
  v.field("queue", c.queue, "Requests allowed to wait for a worker; beyond this: 503", at_least(0));
}

template <class V>
void describe(V& v, backend_config& c) {
  v.field("instances", c.instances, "Number of instances, each on its own port", between(1, 1024));
  v.field("address", c.address, "External server host:port; Portico then starts no mock", host_port);
  v.field("listen", c.listen, "host:port for mock instances (port 0 = ephemeral ports)", host_port);
  v.field("weights", c.weights, "Per-instance weights for weighted LB (one per instance; default all 1)");
  v.field("capacity", c.capacity, "M/G/c capacity model: saturation shows as queueing, then 503");
  v.field("health_path", c.health_path, "Path answering 200 while the instance is healthy");
  v.field("endpoints", c.endpoints, "Endpoints, matched in order");
  v.location(c.where);
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, backend_map out) {
  if (n.IsNull()) return true;
  if (!expect_map(ctx, n, path)) return false;
  for (auto it = n.begin(); it != n.end(); ++it) {
    std::string name;
    if (!read_value(ctx, it->first, path, name) || !ctx.spend(it->first, path)) continue;
    const std::string item_path = path + "." + name;
    const YAML::Node value = it->second;
    const bool name_ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-';
    });
    if (!name_ok) {
      ctx.error(it->first, item_path, "backend names may use letters, digits, '_' and '-' only");
      continue;
    }
    if (!ctx.backend_names.insert(name).second) {
      ctx.error(it->first, item_path, "duplicate backend name '" + name + "'");
      continue;
    }
    backend_config backend;
    backend.name = name;
    if (!read_object(ctx, value, item_path, backend)) continue;
    ctx.backend_instances[name] = backend.instances;
    backend.where = ctx.where(it->first);
    if (!backend.weights.empty() && backend.weights.size() != static_cast<std::size_t>(backend.instances)) {
      ctx.error(value["weights"], item_path + ".weights",
                "has " + std::to_string(backend.weights.size()) + " weights for " + std::to_string(backend.instances) + " instances");
    }
    for (std::size_t i = 0; i < backend.weights.size(); ++i) {
      if (backend.weights[i] < 0) ctx.error(value["weights"][i], item_path + ".weights[" + std::to_string(i) + "]", "must be at least 0");
    }
    out.value.push_back(std::move(backend));
  }
  return true;
}

json::object schema_of(schema_tag, const backend_map&) {
  return {{"type", "object"},
          {"description", "Mock backends by name"},
          {"propertyNames", {{"pattern", "^[A-Za-z0-9_-]+$"}}},
          {"additionalProperties", schema_of(schema_tag{}, backend_config{})}};
}

}  // namespace portico::core::detail
