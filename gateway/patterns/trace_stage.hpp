#pragma once
// W3C trace-context at the gateway (listener level, so 404s are traced too). Per request:
//   - a valid incoming traceparent continues its trace (its sampled flag is honoured, tracestate
//     is validated and forwarded within the spec's limits); an invalid or missing one starts a new
//     trace, sampled with probability `sample_ratio`, and any tracestate is dropped;
//   - one SERVER span for the request, one CLIENT span for the forwarder's upstream exchange
//     (retries included) and one CLIENT span per call of the stages that call backends themselves
//     (aggregation, composition, cache fill) — see call_log.hpp;
//   - upstream requests carry traceparent (version 00) naming their client span, tracestate, and
//     optionally the B3 single header;
//   - sampled spans go to the configured OTLP/Zipkin files and collectors through a per-thread
//     buffer drained by an export thread (span_export.hpp). Unsampled requests are still
//     propagated (flag 00) but not recorded.
// Span times come from the injected clock, anchored to Unix time once at construction.
//
// Thread-safety: const after construction; per-request state lives in call_log (per thread).
#include "core/config/gateway_config.hpp"
#include "gateway/patterns/span_export.hpp"
#include "gateway/pipeline/stage_factory.hpp"

#include <atomic>
#include <memory>

namespace portico::gateway::patterns {

struct trace_counters {
  std::uint64_t continued = 0, started = 0, invalid_traceparent = 0, invalid_tracestate = 0, sampled = 0;
  std::uint64_t spans = 0;            // exported (written to the files / sent to the collectors)
  std::uint64_t spans_dropped = 0;    // not exported: the export buffer was full
  std::uint64_t export_failures = 0;  // batch writes / POSTs that failed
};

class trace_stage final : public stage {
 public:
  trace_stage(const core::tracing_config& config, const core::clock& clock, int threads = 1);

  std::string_view name() const noexcept override { return "trace"; }
  stage_result on_request(request_context& ctx) const override;
  void on_response(request_context& ctx) const noexcept override;
  trace_counters counters() const;
  void flush() const { exporter_->flush(); }

 private:
  std::int64_t unix_ns(core::time_point t) const noexcept { return t.since_epoch.count() + unix_offset_ns_; }

  core::tracing_config config_;
  std::int64_t unix_offset_ns_ = 0;
  std::unique_ptr<span_exporter> exporter_;
  mutable std::atomic<std::uint64_t> continued_{0}, started_{0}, invalid_traceparent_{0}, invalid_tracestate_{0}, sampled_{0};
};

std::unique_ptr<stage> make_trace_stage(const stage_build_context& b);

}  // namespace portico::gateway::patterns
