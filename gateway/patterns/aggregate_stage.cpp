#include "gateway/patterns/aggregate_stage.hpp"

#include "gateway/patterns/call_template.hpp"
#include "gateway/patterns/route_fetch.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <iostream>
#include <stdexcept>

namespace portico::gateway::patterns {

namespace asio = boost::asio;

http::header_pairs call_headers(const request_context& ctx) {
  http::header_pairs h = ctx.upstream_headers;
  h.emplace_back("X-Request-Id", ctx.request_id);
  return h;
}

void answer_error(request_context& ctx, int status, std::string_view code, std::string_view message) {
  ctx.response.status = status;
  ctx.response.content_type = "application/json";
  ctx.response.body = http::error_body(code, message);
}

aggregate_stage::aggregate_stage(const core::route_config& route, std::shared_ptr<const backend_client> client)
    : calls_(route.aggregate), on_partial_(route.on_partial),
      merge_(route.aggregate_merge == core::route_config::merge_mode::top_level ? merge_mode::top_level : merge_mode::by_key),
      client_(std::move(client)), counters_([&] {
        std::vector<std::string> names;
        for (const auto& c : route.aggregate) names.push_back(c.name);
        return names;
      }()) {
  for (const auto& c : calls_)
    if (!client_->knows(c.backend))
      throw std::invalid_argument("route '" + route.name + "': aggregate call '" + c.name + "' backend '" + c.backend +
                                  "' has no instance address");
}

struct aggregate_stage::fan_state {
  resume_handle done;
  std::vector<named_reply> replies;
  std::size_t remaining = 0;
  core::time_point started;
};

stage_result aggregate_stage::on_request(request_context& ctx) const {
  if (!ctx.io) {
    answer_error(ctx, 500, "stage_error", "aggregation needs the connection's io_context");
    return stage_result::respond();
  }
  // Paths are expanded now: the captures view the request buffer, which is only guaranteed
  // while the pipeline runs synchronously.
  std::vector<backend_call> calls;
  calls.reserve(calls_.size());
  for (const auto& c : calls_) {
    auto target = expand_call_template(c.path, ctx.captures);
    calls.push_back({c.backend, std::move(target.text), {}, call_headers(ctx), c.timeout});
  }
  // One coroutine per call on this thread; the last one to finish answers. Each call ends by
  // its own deadline, so the request always completes and resumes the connection.
  auto state = std::make_shared<fan_state>(fan_state{ctx_resume(ctx), {}, calls.size(), ctx.clock->now()});
  state->replies.resize(calls.size());
  for (std::size_t i = 0; i < calls.size(); ++i) {
    state->replies[i].name = calls_[i].name;
    asio::co_spawn(*ctx.io, call_one(ctx, state, i, std::move(calls[i])), [](std::exception_ptr e) {
      if (e) std::cerr << "portico gateway: aggregation call ended by an exception\n";
    });
  }
  return stage_result::pending();
}

asio::awaitable<void> aggregate_stage::call_one(request_context& ctx, std::shared_ptr<fan_state> state, std::size_t i,
                                                backend_call call) const {
  auto& reply = state->replies[i].reply;
  reply = co_await traced_call(ctx, *client_, std::move(call), calls_[i].name);
  counters_.record_call(i, reply);
  if (--state->remaining == 0) {
    answer(ctx, state->replies, ctx.clock->now() - state->started);
    state->done.resume(stage_result::respond());
  }
}

void aggregate_stage::answer(request_context& ctx, std::vector<named_reply>& replies, core::nanos total) const {
  std::size_t failed = 0;
  bool timed_out = false;
  std::string first_error;
  for (const auto& r : replies) {
    if (r.reply.succeeded()) continue;
    ++failed;
    timed_out = timed_out || r.reply.what == backend_reply::outcome::timeout;
    if (first_error.empty()) first_error = "call '" + r.name + "' failed: " + r.reply.error_name();
  }
  ctx.response.headers.emplace_back("Server-Timing", server_timing(replies, total));
  if (failed > 0 && (on_partial_ == core::route_config::partial_policy::fail || failed == replies.size())) {
    counters_.record_request(call_counters::outcome::failed);
    answer_error(ctx, timed_out ? 504 : 502, "aggregate_failed", first_error);
    return;
  }
  ctx.response.status = 200;
  ctx.response.content_type = "application/json";
  ctx.response.body = merge_replies(replies, merge_);
  if (failed > 0) ctx.response.headers.emplace_back("X-Portico-Partial", "true");
  counters_.record_request(failed > 0 ? call_counters::outcome::partial : call_counters::outcome::complete);
}

std::unique_ptr<stage> make_aggregate_stage(const stage_build_context& b) {
  if (!b.route || b.route->aggregate.empty()) return nullptr;
  if (!b.backend_addresses) throw std::invalid_argument("aggregation needs backend addresses");
  return std::make_unique<aggregate_stage>(*b.route, std::make_shared<backend_client>(*b.backend_addresses, b.threads));
}

}  // namespace portico::gateway::patterns
