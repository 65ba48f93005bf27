#include "gateway/patterns/compose_stage.hpp"

#include "gateway/patterns/aggregate_stage.hpp"
#include "gateway/patterns/call_merge.hpp"
#include "gateway/patterns/call_template.hpp"
#include "gateway/patterns/route_fetch.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <iostream>
#include <stdexcept>

namespace portico::gateway::patterns {

namespace asio = boost::asio;

compose_stage::compose_stage(const core::route_config& route, std::shared_ptr<const backend_client> client)
    : steps_(route.compose), client_(std::move(client)), counters_([&] {
        std::vector<std::string> names;
        for (const auto& s : route.compose) names.push_back(s.name);
        return names;
      }()) {
  for (const auto& s : steps_)
    if (!client_->knows(s.backend))
      throw std::invalid_argument("route '" + route.name + "': compose step '" + s.name + "' backend '" + s.backend +
                                  "' has no instance address");
}

stage_result compose_stage::on_request(request_context& ctx) const {
  if (!ctx.io) {
    answer_error(ctx, 500, "stage_error", "composition needs the connection's io_context");
    return stage_result::respond();
  }
  // The captures view the request buffer, which stays valid until the answer has been sent.
  auto done = ctx_resume(ctx);  // named: see route_fetch.cpp (GCC 12 and prvalue coroutine arguments)
  asio::co_spawn(*ctx.io, run_chain(ctx, std::move(done)), [](std::exception_ptr e) {
    if (e) std::cerr << "portico gateway: composition ended by an exception\n";
  });
  return stage_result::pending();
}

asio::awaitable<void> compose_stage::run_chain(request_context& ctx, resume_handle done) const {
  const auto started = ctx.clock->now();
  std::vector<named_reply> replies;
  step_answers answers;
  for (std::size_t i = 0; i < steps_.size(); ++i) {
    const auto& step = steps_[i];
    auto target = expand_call_template(step.path, ctx.captures, answers);
    if (!target.ok()) {
      counters_.record_request(call_counters::outcome::failed);
      answer_error(ctx, 502, "compose_template", "step '" + step.name + "': {" + target.unresolved + "} did not resolve");
      ctx.response.headers.emplace_back("Server-Timing", server_timing(replies, ctx.clock->now() - started));
      done.resume(stage_result::respond());
      co_return;
    }
    backend_call call{step.backend, std::move(target.text), {}, call_headers(ctx), step.timeout};
    auto reply = co_await traced_call(ctx, *client_, std::move(call), step.name);
    counters_.record_call(i, reply);
    replies.push_back({step.name, std::move(reply)});
    const auto& last = replies.back().reply;
    if (!last.succeeded()) {
      counters_.record_request(call_counters::outcome::failed);
      answer_failed_call(ctx, step.name, last);
      ctx.response.headers.emplace_back("Server-Timing", server_timing(replies, ctx.clock->now() - started));
      done.resume(stage_result::respond());
      co_return;
    }
    answers.emplace(step.name, reply_document(last));
  }
  counters_.record_request(call_counters::outcome::complete);
  ctx.response.status = 200;
  ctx.response.content_type = "application/json";
  ctx.response.body = merge_replies(replies, merge_mode::by_key);
  ctx.response.headers.emplace_back("Server-Timing", server_timing(replies, ctx.clock->now() - started));
  done.resume(stage_result::respond());
}

std::unique_ptr<stage> make_compose_stage(const stage_build_context& b) {
  if (!b.route || b.route->compose.empty()) return nullptr;
  if (!b.backend_addresses) throw std::invalid_argument("composition needs backend addresses");
  return std::make_unique<compose_stage>(*b.route, std::make_shared<backend_client>(*b.backend_addresses, b.threads));
}

}  // namespace portico::gateway::patterns
