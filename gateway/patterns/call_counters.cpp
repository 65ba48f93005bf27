#include "gateway/patterns/call_counters.hpp"

namespace portico::gateway::patterns {

namespace {
constexpr auto relaxed = std::memory_order_relaxed;
}

call_counters::call_counters(std::vector<std::string> names)
    : names_(std::move(names)), calls_(std::make_unique<per_call[]>(names_.size())) {}

void call_counters::record_call(std::size_t index, const backend_reply& reply) noexcept {
  if (index >= names_.size()) return;
  auto& c = calls_[index];
  c.calls.fetch_add(1, relaxed);
  if (!reply.succeeded()) c.failures.fetch_add(1, relaxed);
  if (reply.what == backend_reply::outcome::timeout) c.timeouts.fetch_add(1, relaxed);
  const auto ns = static_cast<std::uint64_t>(std::max<std::int64_t>(0, reply.elapsed.count()));
  c.total_ns.fetch_add(ns, relaxed);
  auto seen = c.max_ns.load(relaxed);
  while (ns > seen && !c.max_ns.compare_exchange_weak(seen, ns, relaxed)) {
  }
}

void call_counters::record_request(outcome o) noexcept {
  requests_.fetch_add(1, relaxed);
  (o == outcome::complete ? complete_ : o == outcome::partial ? partial_ : failed_).fetch_add(1, relaxed);
}

calls_snapshot call_counters::snapshot() const {
  calls_snapshot s{requests_.load(relaxed), complete_.load(relaxed), partial_.load(relaxed), failed_.load(relaxed), {}};
  for (std::size_t i = 0; i < names_.size(); ++i) {
    const auto& c = calls_[i];
    call_snapshot cs{names_[i], c.calls.load(relaxed), c.failures.load(relaxed), c.timeouts.load(relaxed), 0, 0, 0};
    cs.total_ms = static_cast<double>(c.total_ns.load(relaxed)) / 1e6;
    if (cs.calls > 0) cs.mean_ms = cs.total_ms / static_cast<double>(cs.calls);
    cs.max_ms = static_cast<double>(c.max_ns.load(relaxed)) / 1e6;
    s.calls.push_back(std::move(cs));
  }
  return s;
}

}  // namespace portico::gateway::patterns
