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
      sweep_timer_(std::make_unique<boost::asio::steady_timer>(io)) {
  for (const auto& b : shared.backends) {
    std::vector<upstream_pool> pools;
    const auto max_idle = static_cast<std::size_t>(std::max(0, b.config.max_idle_connections));
    for (const auto& e : b.endpoints) pools.emplace_back(io, e, max_idle);
    pools_.push_back(std::move(pools));
    backend_counters_.emplace_back(b.endpoints.size());
  }
  lbs_.resize(shared.route_count);
  route_counters_.resize(shared.route_count);
  for (const auto& l : shared.listeners) {
    for (const auto& r : l.route_states) {
      auto& lbs = lbs_[r.counter_index];
      for (std::size_t backend : r.backends) {
        lb_options options;
        options.seed = shared.seed + 7919 * static_cast<std::uint64_t>(index) + r.counter_index;
        lbs.push_back(make_load_balancer(r.config->lb.algorithm, *shared.backends[backend].hosts, options));
      }
    }
  }
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
  for (auto& per_backend : pools_)
    for (auto& p : per_backend) p.close_all();
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
    if (index_ == 0) {
      for (auto& b : shared_.backends)
        if (b.outliers) b.outliers->refresh(now);
    }
    sweep();
  });
}

void worker::release_io() {
  sweeping_ = false;
  sweep_timer_.reset();
  close_pools();
}

worker::counters_copy worker::copy_counters() const {
  return {overall_, route_counters_, backend_counters_};
}

}  // namespace portico::gateway::detail
