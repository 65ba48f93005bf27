#include "scenarios/runner/event_timeline.hpp"

#include <algorithm>

namespace portico::runner {

namespace {

const char* action_name(core::event_config::action a) {
  using action = core::event_config::action;
  switch (a) {
    case action::fail: return "fail";
    case action::recover: return "recover";
    case action::slow: return "slow";
    case action::unhealthy: return "unhealthy";
    case action::healthy: return "healthy";
    case action::kill: return "kill";
    case action::reload: return "reload";
  }
  return "?";
}

}  // namespace

event_timeline::event_timeline(std::vector<core::event_config> events, apply_fn apply)
    : events_(std::move(events)), apply_(std::move(apply)) {
  std::stable_sort(events_.begin(), events_.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
}

event_timeline::~event_timeline() { stop(); }

void event_timeline::start() {
  // Wall time, not the injected clock: the events act on real servers under real load.
  started_ = std::chrono::steady_clock::now();
  started_at_ = {std::chrono::duration_cast<core::nanos>(started_.time_since_epoch())};
  if (!events_.empty()) thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void event_timeline::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

std::vector<core::event_record> event_timeline::log() const {
  std::vector<core::event_record> out;
  {
    std::lock_guard lock(mutex_);
    out = log_;
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.at_ns < b.at_ns; });
  return out;
}

void event_timeline::add(core::time_point at, std::string source, std::string what) {
  record(std::max<std::int64_t>(0, (at - started_at_).count()), std::move(source), std::move(what));
}

void event_timeline::record(std::int64_t at_ns, std::string source, std::string what) {
  std::lock_guard lock(mutex_);
  log_.push_back({at_ns, std::move(source), std::move(what)});
}

void event_timeline::run(std::stop_token stop) {
  std::size_t next = 0;
  for (; next < events_.size(); ++next) {
    const auto& event = events_[next];
    {
      std::unique_lock lock(mutex_);
      // Only a timeout or stop() ends the wait: there is no other condition to wake up for.
      wake_.wait_until(lock, stop, started_ + event.at, [] { return false; });
      if (stop.stop_requested()) break;
    }
    const auto at = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started_);
    std::string what;
    try {
      what = apply_(event);
    } catch (const std::exception& e) {
      what = std::string(action_name(event.what)) + " failed: " + e.what();
    }
    record(at.count(), "runner", std::string(action_name(event.what)) + ": " + what);
  }
  for (; next < events_.size(); ++next)
    record(events_[next].at.count(), "runner",
           std::string(action_name(events_[next].what)) + ": skipped (the run ended before it was due)");
}

}  // namespace portico::runner
