#include "gateway/server/generation_builder.hpp"

#include "core/net/endpoint.hpp"
#include "gateway/admin/config_json.hpp"
#include "gateway/server/routing_stage.hpp"
#include "gateway/server/stage_list.hpp"

#include <set>
#include <stdexcept>

namespace portico::gateway::detail {

std::size_t metric_registry::route_id(const std::string& listener, const std::string& route) {
  const auto [it, added] = route_index_.try_emplace(listener + '\n' + route, routes.size());
  if (added) routes.push_back({listener, route});
  return it->second;
}

std::size_t metric_registry::backend_id(const std::string& backend, int instance, const std::string& address) {
  const auto [it, added] = backend_index_.try_emplace(backend + '\n' + std::to_string(instance) + '\n' + address, backends.size());
  if (added) backends.push_back({backend, address, instance});
  return it->second;
}

namespace {

std::shared_ptr<backend_state> make_backend(const std::string& name, const std::vector<std::string>& addresses, generation& g,
                                            const gateway_options& options, const gateway_state& s, const generation* previous) {
  core::upstream_config config;
  if (auto u = g.config.upstreams.find(name); u != g.config.upstreams.end()) config = u->second;
  std::vector<std::uint32_t> weights(addresses.size(), 1);
  if (const auto w = options.weights.find(name); w != options.weights.end())
    for (std::size_t i = 0; i < weights.size() && i < w->second.size(); ++i) weights[i] = w->second[i];
  std::string signature = upstream_signature(config);
  for (std::size_t i = 0; i < addresses.size(); ++i) signature += "\n" + addresses[i] + "*" + std::to_string(weights[i]);
  if (previous)
    for (const auto& b : previous->backends)
      if (b->name == name && b->signature == signature) return b;

  auto b = std::make_shared<backend_state>();
  b->name = name;
  b->config = config;
  b->signature = std::move(signature);
  std::vector<host_spec> specs;
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    const auto endpoint = net::parse_endpoint(addresses[i]);
    if (!endpoint) throw std::invalid_argument("backend '" + name + "': bad address '" + addresses[i] + "'");
    b->endpoints.push_back(*endpoint);
    b->addresses.push_back(addresses[i]);
    specs.push_back({addresses[i], weights[i]});
  }
  b->hosts = std::make_shared<host_set>(std::move(specs));
  if (config.health_check.enabled)  // started by gateway_server once its threads run
    b->prober = std::make_shared<health_prober>(config.health_check, b->hosts, b->endpoints, *s.clock);
  if (config.outlier_detection.enabled) b->outliers = std::make_unique<outlier_detector>(config.outlier_detection, *b->hosts);
  if (config.circuit_breaker.enabled) b->breaker = std::make_unique<circuit_breaker>(config.circuit_breaker);
  return b;
}

void build_backends(generation& g, const gateway_options& options, const gateway_state& s, const generation* previous,
                    std::map<std::string, std::size_t>& index) {
  std::set<std::string> names;
  for (const auto& l : g.config.listeners)
    for (const auto& r : l.routes)
      for (const auto& b : r.backends) names.insert(b.backend);
  for (const auto& name : names) {
    auto it = g.backend_addresses.find(name);
    if (it == g.backend_addresses.end() || it->second.empty())
      throw std::invalid_argument("backend '" + name + "' has no instance address (give --backend " + name + "=HOST:PORT)");
    index[name] = g.backends.size();
    g.backends.push_back(make_backend(name, it->second, g, options, s, previous));
  }
}

void build_listeners(generation& g, const gateway_state& s, const std::map<std::string, std::size_t>& backend_index,
                     const generation* previous) {
  g.listeners.reserve(g.config.listeners.size());
  state_handover handover{previous ? &previous->carried : nullptr, g.carried, g.notes};
  for (const auto& lc : g.config.listeners) {
    listener_state l;
    l.config = &lc;
    l.routes = std::make_unique<router>(lc);
    stage_build_context listener_ctx{g.config, lc, nullptr, 0, *s.clock, s.threads, &g.backend_addresses, &handover};
    for (auto factory : listener_stage_factories())
      if (auto st = factory(listener_ctx)) l.before_routing.add(std::move(st));
    l.before_routing.add(std::make_unique<routing_stage>(*l.routes));
    l.route_states.reserve(lc.routes.size());
    for (std::size_t ri = 0; ri < lc.routes.size(); ++ri) {
      const auto& rc = lc.routes[ri];
      route_state r{&rc, rc.name.empty() ? lc.name + "#" + std::to_string(ri) : rc.name, {}, retry_policy(rc.retries),
                    std::make_unique<retry_budget>(rc.retries.budget), hash_policy(rc.lb.hash_on), {}, 0, g.route_count++};
      for (const auto& b : rc.backends) r.backends.push_back(backend_index.at(b.backend));
      stage_build_context route_ctx{g.config, lc, &rc, ri, *s.clock, s.threads, &g.backend_addresses, &handover};
      for (auto factory : route_stage_factories())
        if (auto st = factory(route_ctx)) r.stages.add(std::move(st));
      l.route_states.push_back(std::move(r));
    }
    g.listeners.push_back(std::move(l));
  }
}

}  // namespace

std::shared_ptr<generation> build_generation(const core::gateway_config& config, const backend_endpoints& backends,
                                             const gateway_options& options, gateway_state& state, const generation* previous) {
  if (config.listeners.empty()) throw std::invalid_argument("gateway has no listener");
  auto g = std::make_shared<generation>();
  g->number = previous ? previous->number + 1 : 1;
  g->config = config;
  g->backend_addresses = backends;
  std::map<std::string, std::size_t> backend_index;
  build_backends(*g, options, state, previous, backend_index);
  build_listeners(*g, state, backend_index, previous);

  std::lock_guard lock(state.mutex);
  for (auto& l : g->listeners)
    for (auto& r : l.route_states) r.counter_index = state.metrics.route_id(l.config->name, r.name);
  for (auto& b : g->backends)
    if (b->metric_ids.empty())  // a reused backend keeps its ids (it may be in use right now)
      for (std::size_t i = 0; i < b->addresses.size(); ++i)
        b->metric_ids.push_back(state.metrics.backend_id(b->name, static_cast<int>(i), b->addresses[i]));
  g->route_metrics = state.metrics.routes.size();
  g->backend_metrics = state.metrics.backends.size();
  return g;
}

}  // namespace portico::gateway::detail
