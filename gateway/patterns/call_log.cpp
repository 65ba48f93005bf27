#include "gateway/patterns/call_log.hpp"

#include "gateway/patterns/trace_context.hpp"

#include <unordered_map>

namespace portico::gateway::patterns {

namespace {
std::unordered_map<const request_context*, open_trace>& traces() {
  thread_local std::unordered_map<const request_context*, open_trace> open;
  return open;
}
}  // namespace

void open_call_log(const request_context& ctx, open_trace trace) { traces()[&ctx] = std::move(trace); }

open_trace take_call_log(const request_context& ctx) {
  auto& all = traces();
  const auto it = all.find(&ctx);
  if (it == all.end()) return {};
  open_trace t = std::move(it->second);
  all.erase(it);
  return t;
}

std::string begin_traced_call(const request_context& ctx, http::header_pairs& headers) {
  auto& all = traces();
  const auto it = all.find(&ctx);
  if (it == all.end()) return {};
  auto span_id = new_span_id();
  std::erase_if(headers, [](const auto& h) { return h.first == "traceparent" || h.first == "tracestate"; });
  headers.emplace_back("traceparent", format_traceparent(it->second.trace_id, span_id, it->second.sampled));
  if (!it->second.tracestate.empty()) headers.emplace_back("tracestate", it->second.tracestate);
  return span_id;
}

void end_traced_call(const request_context& ctx, call_record record) {
  auto& all = traces();
  const auto it = all.find(&ctx);
  if (it != all.end() && !record.span_id.empty()) it->second.calls.push_back(std::move(record));
}

}  // namespace portico::gateway::patterns
