// load and phases. Forms:
//   schedule stages: {rate: 500/s, for: 10s} | {to: 5000/s, over: 10s} (ramp_to: alias) | {hold: 20s}
//   rate: 500/s     shorthand for one constant stage lasting warmup + measure (set after loading)
//   requests: [{weight: 9, method: GET, path: "/users/{int:1..100}", headers: {...}, body: "..."}]
#include "core/config/sections.hpp"

namespace portico::core::detail {

using skind = schedule_stage::kind;

struct rate_shorthand { std::vector<schedule_stage>& value; };

template <class V>
void describe_stage(V& v, schedule_stage& c, skind k) {
  switch (k) {
    case skind::constant:
      v.required("rate", c.target, "Constant rate");
      v.required("for", c.length, "Stage length", positive);
      break;
    case skind::ramp:
      v.field("to", c.target, "Rate reached at the end of the ramp (from the previous stage's rate, or 0)");
      v.field("ramp_to", c.target, "Alias of to");
      v.required("over", c.length, "Ramp length", positive);
      break;
    case skind::hold:
      v.required("hold", c.length, "Keep the previous stage's final rate this long", positive);
      break;
  }
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, schedule_stage& out) {
  if (!expect_map(ctx, n, path)) return false;
  const bool ramp = n["to"] || n["ramp_to"] || n["over"];
  out.type = n["hold"] ? skind::hold : ramp ? skind::ramp : skind::constant;
  object_reader r(ctx, n, path);
  describe_stage(r, out, out.type);
  r.finish();
  if (out.type == skind::ramp && r.has("to") == r.has("ramp_to")) ctx.error(n, path, "a ramp needs exactly one of to or ramp_to");
  return true;
}

json::object schema_of(schema_tag, const schedule_stage&) {
  json::array forms;
  for (skind k : {skind::constant, skind::ramp, skind::hold}) {
    schedule_stage defaults;
    schema_object s;
    describe_stage(s, defaults, k);
    json::object form = s.finish();
    if (k == skind::ramp) form["oneOf"] = json::array{{{"required", json::array{"to"}}}, {{"required", json::array{"ramp_to"}}}};
    forms.emplace_back(std::move(form));
  }
  return {{"description", "{rate, for} constant | {to, over} linear ramp | {hold} keep the rate"}, {"oneOf", std::move(forms)}};
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, rate_shorthand out) {
  schedule_stage stage;  // length 0: filled in from the phases once the whole scenario is read
  if (!read_value(ctx, n, path, stage.target)) return false;
  out.value.assign(1, stage);
  return true;
}
json::object schema_of(schema_tag, const rate_shorthand&) { return schema_of(schema_tag{}, rate{}); }

template <class V>
void describe(V& v, request_template& c) {
  v.field("name", c.name, "Name in reports; default \"METHOD path\"");
  v.field("weight", c.weight, "Share of the mix relative to the other requests", at_least(0));
  v.field("method", c.method, "HTTP method");
  v.field("path", c.path, "Path and query; may hold {int:1..100} {pick:a,b} {cycle:a,b} {file:F} {file_cycle:F}");
  v.field("headers", c.headers, "Request headers; values may hold placeholders");
  v.field("body", c.body, "Request body; may hold placeholders");
  v.location(c.where);
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, request_template& out) {
  if (!read_object(ctx, n, path, out)) return false;
  if (out.name.empty()) out.name = out.method + " " + out.path;
  if (out.path.empty() || out.path[0] != '/') ctx.error(n["path"] ? n["path"] : n, path + ".path", "must start with '/'");
  return true;
}

template <class V>
void describe(V& v, load_config& c) {
  v.field("model", c.type, "open: a schedule of intended send times; closed: connections that wait for answers");
  v.field("target", c.target, "URL; default: the gateway's first listener, or the first backend without a gateway", url);
  v.field("connections", c.connections, "Connections (closed model: concurrent users)", between(1, 100000));
  v.field("threads", c.threads, "Client I/O threads", between(1, 256));
  v.field("rate", rate_shorthand{c.schedule}, "Shorthand: one constant rate for warmup + measure");
  v.field("schedule", c.schedule, "Open model: stages of the arrival rate");
  v.field("arrival", c.arrival, "Open model: evenly spaced or Poisson arrivals");
  v.field("think_time", c.think_time, "Closed model: pause between a response and the next request");
  v.field("timeout", c.timeout, "Request deadline", positive);
  v.field("pipeline", c.pipeline, "HTTP/1.1 pipelining depth per connection", between(1, 128));
  v.field("new_connection_per_request", c.new_connection_per_request, "Close and reconnect for every request");
  v.field("max_requests", c.max_requests, "Stop after this many requests; 0 = by duration only", at_least(0));
  v.field("requests", c.requests, "Weighted request mix; empty = GET /");
  v.field("ca_file", file_ref{c.ca_file}, "TLS: CA bundle (relative to the scenario file)");
  v.field("client_cert", file_ref{c.client_cert}, "TLS: client certificate (relative to the scenario file)");
  v.field("client_key", file_ref{c.client_key}, "TLS: client key; default: in client_cert");
  v.field("insecure", c.insecure, "TLS: skip certificate verification");
  v.location(c.where);
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, load_config& out) {
  if (!read_object(ctx, n, path, out)) return false;
  if (!n.IsMap()) return true;
  if (n["rate"] && n["schedule"]) ctx.error(n["rate"], path + ".rate", "give either rate or schedule, not both");
  if (out.type == load_config::model::closed && (n["rate"] || n["schedule"])) {
    ctx.error(n["rate"] ? n["rate"] : n["schedule"], path + (n["rate"] ? ".rate" : ".schedule"),
              "the closed model has no schedule (use model: open)");
  }
  if (!out.schedule.empty() && out.schedule.front().type == skind::hold && n["schedule"]) {
    ctx.error(n["schedule"][0], path + ".schedule[0]", "the first stage cannot hold: there is no previous rate");
  }
  if (!out.requests.empty()) {
    long total = 0;
    for (const auto& r : out.requests) total += r.weight;
    if (total <= 0) ctx.error(n["requests"], path + ".requests", "weights add up to zero");
  }
  return true;
}

json::object schema_of(schema_tag, const load_config&) {
  load_config defaults;
  schema_object s;
  describe(s, defaults);
  json::object object = s.finish("The load to drive");
  object["not"] = {{"required", json::array{"rate", "schedule"}}};
  return object;
}

template <class V>
void describe(V& v, phases_config& c) {
  v.field("warmup", c.warmup, "Sent but not recorded");
  v.field("measure", c.measure, "Recorded", positive);
  v.field("drain", c.drain, "Max wait for in-flight requests at the end");
}

bool read_value(read_context& ctx, const YAML::Node& n, const std::string& path, phases_config& out) {
  return read_object(ctx, n, path, out);
}

json::object schema_of(schema_tag, const phases_config&) {
  phases_config defaults;
  schema_object s;
  describe(s, defaults);
  return s.finish("Run phases");
}

}  // namespace portico::core::detail
