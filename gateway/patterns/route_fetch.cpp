#include "gateway/patterns/route_fetch.hpp"

#include "core/config/gateway_config.hpp"
#include "gateway/patterns/aggregate_stage.hpp"
#include "gateway/patterns/call_log.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <iostream>

namespace portico::gateway::patterns {

namespace asio = boost::asio;

namespace {
asio::awaitable<void> fetch_then(request_context& ctx, const backend_client& client, backend_call call, std::string name,
                                 fetch_finish finish, resume_handle done) {
  auto reply = co_await traced_call(ctx, client, std::move(call), std::move(name));
  finish(ctx, reply);
  done.resume(stage_result::respond());
}
}  // namespace

asio::awaitable<backend_reply> traced_call(request_context& ctx, const backend_client& client, backend_call call, std::string name) {
  call_record record{std::move(name), call.backend, call.target, {}, {}, ctx.clock->now(), {}, 0, {}};
  record.span_id = begin_traced_call(ctx, call.headers);
  backend_reply reply;
  try {
    reply = co_await client.call(ctx.thread_index, call, *ctx.clock);
  } catch (const std::exception&) {
    reply.what = backend_reply::outcome::io_error;
  }
  record.end = ctx.clock->now();
  record.status = reply.status;
  record.instance = reply.instance;
  if (!reply.succeeded()) record.error = reply.error_name();
  end_traced_call(ctx, std::move(record));
  co_return reply;
}

stage_result fetch_and_respond(request_context& ctx, const backend_client& client, backend_call call, std::string name,
                               fetch_finish finish) {
  if (!ctx.io) {
    answer_error(ctx, 500, "stage_error", "this stage needs the connection's io_context");
    return stage_result::respond();
  }
  // Named first: GCC 12 destroys a prvalue argument of a coroutine twice (the shared slot's
  // count then drops to zero while the connection still waits on it).
  auto done = ctx_resume(ctx);
  asio::co_spawn(*ctx.io, fetch_then(ctx, client, std::move(call), std::move(name), std::move(finish), std::move(done)),
                 [](std::exception_ptr e) {
                   if (e) std::cerr << "portico gateway: backend fetch ended by an exception\n";
                 });
  return stage_result::pending();
}

std::string upstream_target(const request_context& ctx) {
  std::string target = ctx.upstream_path.empty() ? std::string(ctx.request->path) : ctx.upstream_path;
  if (!ctx.request->query.empty()) target.append("?").append(ctx.request->query);
  return target;
}

backend_call route_call(const request_context& ctx) {
  backend_call c;
  c.backend = ctx.route && !ctx.route->backends.empty() ? ctx.route->backends.front().backend : std::string{};
  c.target = upstream_target(ctx);
  c.host = std::string(ctx.request->host);
  c.headers = call_headers(ctx);
  if (ctx.route) c.timeout = ctx.route->timeout;
  return c;
}

void answer_failed_call(request_context& ctx, const std::string& name, const backend_reply& reply) {
  const bool timeout = reply.what == backend_reply::outcome::timeout;
  answer_error(ctx, timeout ? 504 : 502, timeout ? "upstream_timeout" : "bad_gateway", "call '" + name + "' failed: " + reply.error_name());
}

}  // namespace portico::gateway::patterns
