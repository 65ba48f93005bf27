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
//   portico_gateway_config_generation, portico_gateway_config_reloads_total{result}
#include "gateway/server/gateway_server.hpp"

#include <string>

namespace portico::gateway {

std::string format_prometheus(const gateway_snapshot& snapshot);

}  // namespace portico::gateway
