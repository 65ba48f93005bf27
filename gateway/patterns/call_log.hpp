#pragma once
// The side channel between the trace stage and the stages that call backends themselves
// (aggregation, composition, cache fills, shaping): the trace stage opens a trace for a sampled
// request; each call then gets its own child span id and traceparent, and its record; the trace
// stage takes the records back in on_response and exports one child span per call.
//
// Thread-safety: per proxy thread (thread_local, keyed by the request context): a request and all
// its calls run on one thread, so nothing is shared.
#include "core/time/clock.hpp"
#include "gateway/http/forward_head.hpp"
#include "gateway/pipeline/request_context.hpp"

#include <string>
#include <vector>

namespace portico::gateway::patterns {

struct call_record {
  std::string name;      // call name ("user"), or the backend for forwarded requests
  std::string backend;
  std::string target;
  std::string instance;  // "127.0.0.1:9001"
  std::string span_id;
  core::time_point start{}, end{};
  int status = 0;
  std::string error;     // empty when the call succeeded
};

struct open_trace {
  std::string trace_id;   // 32 lowercase hex
  bool sampled = false;
  std::string tracestate; // forwarded as is
  std::string parent_id;      // the caller's span (empty for a new trace)
  std::string server_span_id; // this request's span: parent of every call
  std::string forward_span_id;  // the forwarder's call (sent in ctx.upstream_headers)
  std::vector<call_record> calls;
};

// The trace stage: open a trace for ctx (replacing a stale one), take it back when done.
void open_call_log(const request_context& ctx, open_trace trace);
open_trace take_call_log(const request_context& ctx);  // empty trace_id when none was open

// A calling stage, before a call: when ctx's trace is open, adds traceparent (and tracestate) for
// a new child span to `headers` and returns its span id; else returns "".
std::string begin_traced_call(const request_context& ctx, http::header_pairs& headers);
// After the call; ignored when no trace is open.
void end_traced_call(const request_context& ctx, call_record record);

}  // namespace portico::gateway::patterns
