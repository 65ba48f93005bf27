#include "gateway/server/worker.hpp"

#include "gateway/server/client_session.hpp"

#include <algorithm>

namespace portico::gateway::detail {

namespace {
constexpr std::size_t max_pooled_buffers = 32;  // beyond: freed (bounds idle memory per thread)
constexpr std::size_t upstream_buffer_bytes = 16 * 1024;
}  // namespace

worker::worker(int index, boost::asio::io_context& io, gateway_state& shared)
    : index_(index), io_(io), shared_(shared), rng_(shared.seed * 0x9e3779b97f4a7c15ULL + static_cast<std::uint64_t>(index)),
      sweep_timer_(std::make_unique<boost::asio::steady_timer>(io)) {}

void worker::install(std::shared_ptr<const generation> g) {
  auto next = std::make_shared<worker_generation>();
  for (const auto& b : g->backends) {
    std::shared_ptr<std::vector<upstream_pool>> reused;
    if (current_) {
      const auto& old = current_->shared->backends;
      for (std::size_t i = 0; i < old.size() && !reused; ++i)
        if (old[i] == b) reused = current_->pools[i];
    }
    if (!reused) {
      reused = std::make_shared<std::vector<upstream_pool>>();
      const auto max_idle = static_cast<std::size_t>(std::max(0, b->config.max_idle_connections));
      for (const auto& e : b->endpoints) reused->emplace_back(io_, e, max_idle);
    }
    next->pools.push_back(std::move(reused));
  }
  next->lbs.resize(g->route_count);
  for (const auto& l : g->listeners) {
    for (const auto& r : l.route_states) {
      auto& lbs = next->lbs[r.position];
      for (std::size_t backend : r.backends) {
        lb_options options;
        options.seed = shared_.seed + 7919 * static_cast<std::uint64_t>(index_) + r.counter_index;
        lbs.push_back(make_load_balancer(r.config->lb.algorithm, *g->backends[backend]->hosts, options));
      }
    }
  }
  if (route_counters_.size() < g->route_metrics) route_counters_.resize(g->route_metrics);
  if (backend_counters_.size() < g->backend_metrics) backend_counters_.resize(g->backend_metrics);
  next->shared = std::move(g);
  current_ = std::move(next);  // the old view lives on in the sessions still using it
}

worker::~worker() = default;

std::unique_ptr<request_buffers> worker::take_buffers() {
  if (!free_buffers_.empty()) {
    auto b = std::move(free_buffers_.back());
    free_buffers_.pop_back();
    return b;
  }
  const std::size_t in_size = std::max<std::size_t>(shared_.limits.max_header_bytes + 4096, 16 * 1024);
  return std::make_unique<request_buffers>(in_size, std::max(upstream_buffer_bytes, shared_.limits.max_header_bytes + 1024));
}

void worker::give_back(std::unique_ptr<request_buffers> b) {
  if (!b || free_buffers_.size() >= max_pooled_buffers) return;
  b->in_begin = b->in_end = b->up_begin = b->up_end = 0;
  if (b->out.capacity() > 64 * 1024) b->out = std::string();  // a rare big head must not stay
  b->out.clear();
  free_buffers_.push_back(std::move(b));
}

void worker::track(client_session* s) {
  s->sweep_slot = sessions_.size();
  sessions_.push_back(s);
}

void worker::untrack(client_session* s) {
  const std::size_t slot = s->sweep_slot;
  if (slot >= sessions_.size() || sessions_[slot] != s) return;
  sessions_[slot] = sessions_.back();
  sessions_[slot]->sweep_slot = slot;
  sessions_.pop_back();
}

void worker::start_sweep() {
  sweeping_ = true;
  sweep();
}

void worker::stop_sweep() {
  sweeping_ = false;
  if (sweep_timer_) sweep_timer_->cancel();
}

void worker::close_pools() {
  if (current_)
    for (auto& per_backend : current_->pools)
      for (auto& p : *per_backend) p.close_all();
  free_buffers_.clear();
}

void worker::sweep() {
  // 20 ms resolution: fine for second-scale header/idle limits and for route timeouts of tens
  // of milliseconds; 50 wake-ups a second cost nothing measurable.
  if (!sweep_timer_) return;
  sweep_timer_->expires_after(std::chrono::milliseconds(20));
  sweep_timer_->async_wait([this](boost::system::error_code ec) {
    if (ec || !sweeping_) return;
    const auto now = shared_.clock->now();
    // on_deadline_check may not add/remove sessions synchronously (it only cancels I/O), so
    // iterating by index is safe.
    for (std::size_t i = 0; i < sessions_.size(); ++i) sessions_[i]->on_deadline_check(now);
    if (shared_.log && ++sweeps_since_flush_ >= 25) {  // the access log reaches the file within ~0.5 s
      shared_.log->flush(index_);
      sweeps_since_flush_ = 0;
    }
    if (index_ == 0 && current_) {
      for (auto& b : current_->shared->backends)
        if (b->outliers) b->outliers->refresh(now);
    }
    sweep();
  });
}

void worker::release_io() {
  sweeping_ = false;
  sweep_timer_.reset();
  close_pools();
  current_.reset();
}

worker::counters_copy worker::copy_counters() const {
  return {overall_,
          {route_counters_.begin(), route_counters_.end()},
          {backend_counters_.begin(), backend_counters_.end()},
          {tls_.begin(), tls_.end()}};
}

}  // namespace portico::gateway::detail
