#include "gateway/patterns/trace_stage.hpp"

#include "gateway/patterns/call_log.hpp"
#include "gateway/patterns/trace_context.hpp"

#include <chrono>

namespace portico::gateway::patterns {

namespace {
constexpr auto relaxed = std::memory_order_relaxed;

// Every field of that name, joined with "," (a list-valued field may be split, RFC 9110 §5.3);
// `count` tells how many there were.
std::string joined_fields(const http::request_head& head, std::string_view name, int& count) {
  std::string out;
  count = 0;
  for (std::size_t i = 0; i < head.field_count; ++i) {
    if (!http::iequals(head.fields[i].name, name)) continue;
    if (count++ > 0) out.push_back(',');
    out.append(head.fields[i].value);
  }
  return out;
}

span_export_config export_config(const core::tracing_config& c, int threads) {
  span_export_config e;
  e.service_name = c.service_name;
  e.otlp_file = c.otlp_file;
  e.zipkin_file = c.zipkin_file;
  e.otlp_endpoint = c.otlp_endpoint;
  e.zipkin_endpoint = c.zipkin_endpoint;
  e.max_batch = c.batch_size;
  e.max_delay = c.batch_delay;
  e.max_queue = c.queue_size;
  e.timeout = c.export_timeout;
  e.threads = threads;
  return e;
}

}  // namespace

trace_stage::trace_stage(const core::tracing_config& config, const core::clock& clock, int threads)
    : config_(config), exporter_(std::make_unique<span_exporter>(export_config(config, threads))) {
  // The one place wall time is read: spans need Unix timestamps, logic keeps the injected clock.
  const auto wall = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch());
  unix_offset_ns_ = wall.count() - clock.now().since_epoch.count();
}

stage_result trace_stage::on_request(request_context& ctx) const {
  open_trace t;
  int parents = 0, states = 0;
  const auto parent_text = joined_fields(*ctx.request, "traceparent", parents);
  // Two traceparent fields cannot be told apart: treated as invalid (a new trace).
  const auto parent = parents == 1 ? parse_traceparent(parent_text) : std::nullopt;
  const auto state_text = joined_fields(*ctx.request, "tracestate", states);
  if (parent) {
    continued_.fetch_add(1, relaxed);
    t.trace_id = parent->trace_id;
    t.parent_id = parent->parent_id;
    t.sampled = parent->sampled();
    if (states > 0) {
      if (const auto state = parse_tracestate(state_text)) t.tracestate = format_tracestate(*state);
      else invalid_tracestate_.fetch_add(1, relaxed);
    }
  } else {
    if (parents > 0) invalid_traceparent_.fetch_add(1, relaxed);
    started_.fetch_add(1, relaxed);
    t.trace_id = new_trace_id();
    t.sampled = config_.sample_ratio >= 1.0 || trace_random() < config_.sample_ratio;
  }
  if (t.sampled) sampled_.fetch_add(1, relaxed);
  t.server_span_id = new_span_id();
  t.forward_span_id = new_span_id();
  ctx.upstream_headers.emplace_back("traceparent", format_traceparent(t.trace_id, t.forward_span_id, t.sampled));
  // A stage-set field replaces the client's: an empty one is how a dropped tracestate (invalid,
  // or belonging to a trace we did not continue) stays dropped.
  if (!t.tracestate.empty() || states > 0)
    ctx.upstream_headers.emplace_back("tracestate", t.tracestate);
  if (config_.b3)
    ctx.upstream_headers.emplace_back("b3", t.trace_id + "-" + t.forward_span_id + (t.sampled ? "-1-" : "-0-") + t.server_span_id);
  open_call_log(ctx, std::move(t));
  return stage_result::next();
}

void trace_stage::on_response(request_context& ctx) const noexcept {
  try {
    auto t = take_call_log(ctx);
    if (t.trace_id.empty() || !t.sampled) return;
    const auto end = ctx.clock->now();
    std::vector<span_data> spans;
    span_data server;
    server.trace_id = t.trace_id;
    server.span_id = t.server_span_id;
    server.parent_id = t.parent_id;
    server.name = std::string(ctx.request->method) + " " + (ctx.route ? ctx.route->name : std::string(ctx.request->path));
    server.start_unix_ns = unix_ns(ctx.timings.received);
    server.end_unix_ns = unix_ns(end);
    server.status_code = ctx.status;
    server.error = ctx.status >= 500;
    server.tracestate = t.tracestate;
    server.attributes = {{"http.request.method", std::string(ctx.request->method)},
                         {"url.path", std::string(ctx.request->path)},
                         {"portico.listener", std::string(ctx.listener)},
                         {"portico.request_id", ctx.request_id}};
    if (ctx.route) server.attributes.emplace_back("http.route", ctx.route->name);
    spans.push_back(std::move(server));
    auto client_span = [&](std::string span_id, std::string name, core::time_point start, int status, bool error) {
      span_data s;
      s.trace_id = t.trace_id;
      s.span_id = std::move(span_id);
      s.parent_id = t.server_span_id;
      s.name = std::move(name);
      s.what = span_data::kind::client;
      s.start_unix_ns = unix_ns(start);
      s.end_unix_ns = unix_ns(end);
      s.status_code = status;
      s.error = error;
      return s;
    };
    if (ctx.forwarded && ctx.route && ctx.backend_index < ctx.route->backends.size()) {
      auto s = client_span(t.forward_span_id, "forward " + ctx.route->backends[ctx.backend_index].backend, ctx.timings.upstream_start,
                           ctx.status, ctx.status >= 500);
      s.attributes = {{"portico.backend", ctx.route->backends[ctx.backend_index].backend},
                      {"portico.attempts", std::to_string(ctx.attempts)}};
      spans.push_back(std::move(s));
    }
    for (auto& c : t.calls) {
      auto s = client_span(c.span_id, "call " + c.name, c.start, c.status, !c.error.empty());
      s.end_unix_ns = unix_ns(c.end);
      s.attributes = {{"portico.backend", c.backend}, {"url.path", c.target}, {"server.address", c.instance}};
      if (!c.error.empty()) s.attributes.emplace_back("error.type", c.error);
      spans.push_back(std::move(s));
    }
    exporter_->add(ctx.thread_index, spans);
  } catch (...) {
    // Tracing must never fail a request; a span lost to an allocation failure is acceptable.
  }
}

trace_counters trace_stage::counters() const {
  const auto exported = exporter_->counters();
  return {continued_.load(relaxed), started_.load(relaxed), invalid_traceparent_.load(relaxed), invalid_tracestate_.load(relaxed),
          sampled_.load(relaxed),   exported.exported,      exported.dropped,                   exported.failures};
}

std::unique_ptr<stage> make_trace_stage(const stage_build_context& b) {
  if (!b.gateway.tracing.enabled) return nullptr;
  return std::make_unique<trace_stage>(b.gateway.tracing, b.clock, b.threads);
}

}  // namespace portico::gateway::patterns
