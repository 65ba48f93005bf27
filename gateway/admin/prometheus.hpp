#pragma once
// The gateway snapshot in the Prometheus text exposition format (version 0.0.4), for the admin
// listener's /metrics. Pure: snapshot in, text out.
//
// Families (label sets):
//   portico_gateway_requests_total{route|backend,instance,address, class="2xx"}       counter
//   portico_gateway_request_duration_seconds{route}  histogram (as seen by the gateway,
//     from request head received to last response byte; fixed `le` edges, cumulative)
//   portico_gateway_retries_total, _upstream_errors_total, _timeouts_total,
//   _breaker_rejections_total{route|backend...}                                      counter
//   portico_gateway_connections_active / _accepted_total (client side)                gauge
//   portico_gateway_backend_active_requests{backend,instance,address}                 gauge
//   portico_gateway_backend_healthy / _ejected (0|1), _ejections_total                gauge/counter
//   portico_gateway_backend_circuit_state{backend} 0 closed, 1 half-open, 2 open
//   portico_gateway_health_probes_total / _probe_failures_total,
//   _health_transitions_total{backend,instance,address[,to]}       (instances with health checks)
//   portico_gateway_config_generation, portico_gateway_config_reloads_total{result}
// and, for the stages configured (snapshot.stages; a family without samples is left out):
//   portico_gateway_ratelimit_decisions_total{listener,route,algorithm,store,outcome},
//     _ratelimit_delayed_total, _ratelimit_store_errors_total              counter
//   portico_gateway_auth_requests_total{listener,route,method,outcome}      counter
//   portico_gateway_cache_lookups_total{listener,route,result=hit|miss|bypass},
//     _cache_stores_total, _uncacheable_total, _evictions_total (counter), _entries, _bytes (gauge)
//   portico_gateway_pattern_requests_total{listener,route,pattern,outcome}, per named call
//     {...,call}: _pattern_calls_total, _call_failures_total, _call_timeouts_total,
//     _call_duration_seconds (summary: sum, count), _call_max_duration_seconds (gauge)
//   portico_gateway_trace_requests_total{listener,trace=continued|started},
//     _trace_invalid_headers_total{header}, _trace_sampled_total, _trace_spans_exported_total
#include "gateway/server/gateway_server.hpp"

#include <string>

namespace portico::gateway {

std::string format_prometheus(const gateway_snapshot& snapshot);

}  // namespace portico::gateway
