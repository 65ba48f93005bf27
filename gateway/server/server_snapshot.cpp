// gateway_server's observability: counters collected from every proxy thread (each copies its own
// on its own thread), merged by metric id, and joined with the live health/ejection/breaker state
// of the generation serving now.
#include "gateway/server/server_impl.hpp"

#include "gateway/patterns/aggregate_stage.hpp"
#include "gateway/patterns/compose_stage.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <future>

namespace portico::gateway {

namespace asio = boost::asio;

namespace {

// The stages of the generation serving now that keep counters of their own.
stage_reports collect_stage_reports(const detail::generation& g) {
  stage_reports out;
  for (const auto& listener : g.listeners) {
    const std::string& lname = listener.config->name;
    for (std::size_t i = 0; i < listener.before_routing.size(); ++i)
      if (const auto* t = dynamic_cast<const patterns::trace_stage*>(&listener.before_routing.at(i)))
        out.traces.push_back({lname, {}, t->counters()});
    for (const auto& route : listener.route_states) {
      for (std::size_t i = 0; i < route.stages.size(); ++i) {
        const auto& s = route.stages.at(i);
        const std::string& rname = route.name;
        if (auto limit = rate_limit_stage_report(s))
          out.limiters.push_back({lname, rname, std::move(*limit)});
        else if (auto auth = auth_stage_report(s))
          out.auth.push_back({lname, rname, std::move(*auth)});
        else if (const auto* a = dynamic_cast<const patterns::aggregate_stage*>(&s))
          out.aggregations.push_back({lname, rname, a->counters()});
        else if (const auto* c = dynamic_cast<const patterns::compose_stage*>(&s))
          out.compositions.push_back({lname, rname, c->counters()});
        else if (const auto* k = dynamic_cast<const patterns::cache_stage*>(&s))
          out.caches.push_back({lname, rname, k->counters()});
      }
    }
  }
  return out;
}

}  // namespace

gateway_snapshot gateway_server::snapshot() const {
  std::vector<detail::worker::counters_copy> copies;
  for (auto& w : impl_->workers) {
    if (impl_->running) {
      std::promise<detail::worker::counters_copy> promise;
      auto future = promise.get_future();
      asio::post(w->io(), [&promise, w = w.get()] { promise.set_value(w->copy_counters()); });
      copies.push_back(future.get());
    } else {
      copies.push_back(w->copy_counters());
    }
  }
  const auto& s = *impl_->state;
  const auto g = impl_->current();
  gateway_snapshot snap;
  {
    std::lock_guard lock(s.mutex);
    for (const auto& r : s.metrics.routes) snap.routes.push_back({r.listener, r.route, {}});
    for (const auto& b : s.metrics.backends)
      snap.backends.push_back({b.backend, b.instance, b.backend + "#" + std::to_string(b.instance), b.address, false, false, false});
  }
  const auto now = s.clock->now();
  for (const auto& b : g->backends) {
    for (std::size_t i = 0; i < b->metric_ids.size(); ++i) {
      auto& out = snap.backends[b->metric_ids[i]];
      out.in_config = true;
      out.healthy = b->hosts->healthy(i);
      out.ejected = b->hosts->ejected(i);
      out.outstanding = b->hosts->outstanding(i);
      if (b->outliers) out.times_ejected = b->outliers->times_ejected(i);
      if (b->breaker) out.breaker = to_string(b->breaker->state(now));
      if (b->prober) out.health = b->prober->counters(i);
    }
  }
  for (const auto& c : copies) {
    snap.overall.merge(c.overall);
    for (std::size_t r = 0; r < c.routes.size() && r < snap.routes.size(); ++r) snap.routes[r].counters.merge(c.routes[r]);
    for (std::size_t k = 0; k < c.backends.size() && k < snap.backends.size(); ++k) snap.backends[k].counters.merge(c.backends[k]);
  }
  for (std::size_t l = 0; l < impl_->tls.size(); ++l) {
    if (!impl_->tls[l]) continue;
    listener_tls_snapshot t{impl_->bound[l].name, {}};
    for (const auto& c : copies)
      if (l < c.tls.size()) t.counters.merge(c.tls[l]);
    snap.tls.push_back(std::move(t));
  }
  snap.connections_active = impl_->tracker.active();
  for (const auto& l : impl_->listeners) snap.connections_accepted += l->accepted();
  snap.generation = g->number;
  snap.reloads_ok = impl_->reloads_ok.load();
  snap.reloads_rejected = impl_->reloads_rejected.load();
  if (s.log) {
    snap.access_log = true;
    snap.access_log_written = s.log->written_lines();
    snap.access_log_dropped = s.log->dropped_lines();
  }
  snap.stages = collect_stage_reports(*g);
  return snap;
}


std::vector<core::component_result> gateway_server::components() const {
  const auto snap = snapshot();
  std::vector<core::component_result> out;
  out.push_back(snap.overall.to_component("gateway", "overall"));
  for (const auto& r : snap.routes) out.push_back(r.counters.to_component("route", r.name));
  for (const auto& b : snap.backends) {
    auto c = b.counters.to_component("backend", b.name);
    c.counters["healthy"] = b.healthy ? 1 : 0;
    c.counters["ejected"] = b.ejected ? 1 : 0;
    if (b.health) {
      c.counters["health_probes"] = static_cast<double>(b.health->probes);
      c.counters["health_probe_failures"] = static_cast<double>(b.health->probe_failures);
      c.counters["became_healthy"] = static_cast<double>(b.health->became_healthy);
      c.counters["became_unhealthy"] = static_cast<double>(b.health->became_unhealthy);
    }
    out.push_back(std::move(c));
  }
  for (const auto& t : snap.tls) out.push_back(t.counters.to_component(t.listener));
  if (snap.access_log) {
    out.push_back({"access_log", "gateway",
                   {{"written_lines", static_cast<double>(snap.access_log_written)}, {"dropped_lines", static_cast<double>(snap.access_log_dropped)}},
                   {}});
  }
  append_components(snap.stages, out);
  return out;
}

std::vector<health_event> gateway_server::health_events() const {
  std::vector<health_event> out;
  for (const auto& b : impl_->current()->backends) {
    if (!b->prober) continue;
    for (const auto& t : b->prober->transitions())
      out.push_back({t.at, b->name + "#" + std::to_string(t.instance), b->addresses[t.instance], t.healthy});
  }
  std::stable_sort(out.begin(), out.end(), [](const health_event& a, const health_event& b) { return a.at < b.at; });
  return out;
}

}  // namespace portico::gateway
