#pragma once
// Composition route: the `compose:` steps run one after another (document order); a step's path
// may use the route's captures and members of earlier answers, e.g.
//   compose:
//     user:   {backend: users,  path: "/users/{id}"}
//     orders: {backend: orders, path: "/orders?user={user.id}"}
// (syntax: call_template.hpp). The answer merges every step's JSON by step name, like an
// aggregation by key, with Server-Timing per step. A step that fails (transport, timeout,
// non-2xx) or whose template does not resolve ends the chain: 502 (504 on a timeout) naming it.
//
// Thread-safety: const after construction; the steps run on the request's proxy thread.
#include "core/config/gateway_config.hpp"
#include "gateway/patterns/backend_client.hpp"
#include "gateway/patterns/call_counters.hpp"
#include "gateway/pipeline/stage_factory.hpp"

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <vector>

namespace portico::gateway::patterns {

class compose_stage final : public stage {
 public:
  compose_stage(const core::route_config& route, std::shared_ptr<const backend_client> client);

  std::string_view name() const noexcept override { return "compose"; }
  stage_result on_request(request_context& ctx) const override;
  calls_snapshot counters() const { return counters_.snapshot(); }

 private:
  boost::asio::awaitable<void> run_chain(request_context& ctx, resume_handle done) const;

  std::vector<core::aggregate_call_config> steps_;
  std::shared_ptr<const backend_client> client_;
  mutable call_counters counters_;
};

std::unique_ptr<stage> make_compose_stage(const stage_build_context& b);

}  // namespace portico::gateway::patterns
