#include "gateway/server/gateway_counters.hpp"

#include "core/stats/summary.hpp"

namespace portico::gateway {

void gateway_counters::merge(const gateway_counters& o) {
  requests += o.requests;
  for (std::size_t i = 0; i < by_class.size(); ++i) by_class[i] += o.by_class[i];
  local_responses += o.local_responses;
  upstream_errors += o.upstream_errors;
  connect_failures += o.connect_failures;
  timeouts += o.timeouts;
  retries += o.retries;
  rejected_by_breaker += o.rejected_by_breaker;
  connections_created += o.connections_created;
  connections_reused += o.connections_reused;
  ws_upgrades += o.ws_upgrades;
  ws_refused += o.ws_refused;
  ws_active += o.ws_active;
  ws_bytes_to_upstream += o.ws_bytes_to_upstream;
  ws_bytes_to_client += o.ws_bytes_to_client;
  ws_frames_to_upstream += o.ws_frames_to_upstream;
  ws_frames_to_client += o.ws_frames_to_client;
  ws_idle_closes += o.ws_idle_closes;
  latency.merge(o.latency);
}

core::component_result gateway_counters::to_component(std::string kind, std::string name) const {
  core::component_result r;
  r.kind = std::move(kind);
  r.name = std::move(name);
  auto& c = r.counters;
  c["requests"] = static_cast<double>(requests);
  for (int k = 1; k <= 5; ++k) c["status_" + std::to_string(k) + "xx"] = static_cast<double>(by_class[static_cast<std::size_t>(k)]);
  c["local_responses"] = static_cast<double>(local_responses);
  c["upstream_errors"] = static_cast<double>(upstream_errors);
  c["connect_failures"] = static_cast<double>(connect_failures);
  c["timeouts"] = static_cast<double>(timeouts);
  c["retries"] = static_cast<double>(retries);
  c["rejected_by_breaker"] = static_cast<double>(rejected_by_breaker);
  c["connections_created"] = static_cast<double>(connections_created);
  c["connections_reused"] = static_cast<double>(connections_reused);
  if (ws_upgrades > 0 || ws_refused > 0) {
    c["websocket_upgrades"] = static_cast<double>(ws_upgrades);
    c["websocket_refused"] = static_cast<double>(ws_refused);
    c["websocket_active"] = static_cast<double>(ws_active);
    c["websocket_bytes_to_upstream"] = static_cast<double>(ws_bytes_to_upstream);
    c["websocket_bytes_to_client"] = static_cast<double>(ws_bytes_to_client);
    c["websocket_frames_to_upstream"] = static_cast<double>(ws_frames_to_upstream);
    c["websocket_frames_to_client"] = static_cast<double>(ws_frames_to_client);
    c["websocket_idle_closes"] = static_cast<double>(ws_idle_closes);
  }
  r.latency = core::summarize(latency);
  return r;
}

void tls_counters::merge(const tls_counters& o) {
  handshakes += o.handshakes;
  handshake_failures += o.handshake_failures;
  handshake_timeouts += o.handshake_timeouts;
  tls13 += o.tls13;
  resumed += o.resumed;
  client_certificates += o.client_certificates;
}

core::component_result tls_counters::to_component(std::string listener) const {
  core::component_result r;
  r.kind = "tls";
  r.name = std::move(listener);
  r.counters = {{"handshakes", static_cast<double>(handshakes)},
                {"handshake_failures", static_cast<double>(handshake_failures)},
                {"handshake_timeouts", static_cast<double>(handshake_timeouts)},
                {"tls13", static_cast<double>(tls13)},
                {"resumed", static_cast<double>(resumed)},
                {"client_certificates", static_cast<double>(client_certificates)}};
  return r;
}

}  // namespace portico::gateway
