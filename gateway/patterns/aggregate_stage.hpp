#pragma once
// Aggregation route (gateway aggregation pattern): one request fans out IN PARALLEL to the
// route's `aggregate:` calls, each with its own timeout; the answers are merged into one JSON
// document (call_merge.hpp) and the stage answers itself, so the forwarder never runs.
//
// Partial failure (a transport error, a timeout or a non-2xx status of any call):
//   on_partial: fail            -> 502 (504 when a call timed out) with the errors listed;
//   on_partial: return_partial  -> 200 with what arrived, "X-Portico-Partial: true" and
//                                  "_partial"/"_errors" in the body; 502 when nothing arrived.
// Every answer carries Server-Timing with each call's duration and the total (the slowest call).
// Calls carry X-Request-Id and the fields earlier stages set for the upstream; with tracing on,
// each call is a child span.
//
// Thread-safety: const after construction; the calls run on the request's proxy thread.
#include "core/config/gateway_config.hpp"
#include "gateway/patterns/backend_client.hpp"
#include "gateway/patterns/call_counters.hpp"
#include "gateway/patterns/call_merge.hpp"
#include "gateway/pipeline/stage_factory.hpp"

#include <boost/asio/awaitable.hpp>

#include <memory>
#include <vector>

namespace portico::gateway::patterns {

class aggregate_stage final : public stage {
 public:
  // Throws std::invalid_argument when a call names a backend `client` does not know.
  aggregate_stage(const core::route_config& route, std::shared_ptr<const backend_client> client);

  std::string_view name() const noexcept override { return "aggregate"; }
  stage_result on_request(request_context& ctx) const override;
  calls_snapshot counters() const { return counters_.snapshot(); }

 private:
  struct fan_state;
  boost::asio::awaitable<void> call_one(request_context& ctx, std::shared_ptr<fan_state> state, std::size_t i,
                                        backend_call call) const;
  void answer(request_context& ctx, std::vector<named_reply>& replies, core::nanos total) const;

  std::vector<core::aggregate_call_config> calls_;
  core::route_config::partial_policy on_partial_;
  merge_mode merge_;
  std::shared_ptr<const backend_client> client_;
  mutable call_counters counters_;
};

// Builds the aggregation stage for a route with `aggregate:` calls, else nullptr.
std::unique_ptr<stage> make_aggregate_stage(const stage_build_context& b);

// Shared by the stages that call backends themselves: the request fields every call carries.
http::header_pairs call_headers(const request_context& ctx);
// Answers ctx with a JSON error (status, code, message).
void answer_error(request_context& ctx, int status, std::string_view code, std::string_view message);

}  // namespace portico::gateway::patterns
