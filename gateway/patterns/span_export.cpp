#include "gateway/patterns/span_export.hpp"

#include "gateway/patterns/span_post.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>

namespace portico::gateway::patterns {

// One proxy thread's buffer; aligned so that neighbouring threads do not share a cache line.
struct alignas(64) span_exporter::lane {
  std::mutex mutex;
  std::vector<span_data> spans;
};

// A file or a collector receiving one of the two formats.
struct span_exporter::target {
  enum class format { otlp, zipkin } what = format::otlp;
  std::string name;  // file path or URL, for the log
  std::ofstream file;
  std::unique_ptr<span_poster> poster;
  bool failed_this_round = false;  // a collector that failed is not tried again until the next drain
};

span_exporter::span_exporter(span_export_config config)
    : config_(std::move(config)),
      lane_capacity_(std::max<std::size_t>(1, config_.max_queue / static_cast<std::size_t>(std::max(1, config_.threads)))),
      lanes_(std::make_unique<lane[]>(static_cast<std::size_t>(std::max(1, config_.threads)))) {
  config_.threads = std::max(1, config_.threads);
  config_.max_batch = std::max<std::size_t>(1, config_.max_batch);
  auto add_file = [this](target::format what, const std::string& path) {
    if (path.empty()) return;
    auto t = std::make_unique<target>();
    t->what = what;
    t->name = path;
    t->file.open(path, std::ios::app);
    if (!t->file) throw std::runtime_error("cannot open span export file '" + path + "'");
    targets_.push_back(std::move(t));
  };
  auto add_endpoint = [this](target::format what, const std::string& url) {
    if (url.empty()) return;
    auto t = std::make_unique<target>();
    t->what = what;
    t->name = url;
    t->poster = std::make_unique<span_poster>(url, config_.timeout);
    targets_.push_back(std::move(t));
  };
  add_file(target::format::otlp, config_.otlp_file);
  add_file(target::format::zipkin, config_.zipkin_file);
  add_endpoint(target::format::otlp, config_.otlp_endpoint);
  add_endpoint(target::format::zipkin, config_.zipkin_endpoint);
  if (!targets_.empty()) thread_ = std::thread([this] { run(); });
}

span_exporter::~span_exporter() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

bool span_exporter::add(int thread, std::vector<span_data>& spans) {
  if (targets_.empty()) {  // tracing for propagation only: nothing to write, nothing to buffer
    exported_.fetch_add(spans.size(), std::memory_order_relaxed);
    spans.clear();
    return true;
  }
  auto& l = lanes_[static_cast<std::size_t>(thread) % static_cast<std::size_t>(config_.threads)];
  bool full_batch = false;
  {
    std::lock_guard lock(l.mutex);
    if (l.spans.size() + spans.size() > lane_capacity_) {
      dropped_.fetch_add(spans.size(), std::memory_order_relaxed);
      return false;
    }
    for (auto& s : spans) l.spans.push_back(std::move(s));
    full_batch = l.spans.size() >= config_.max_batch;
  }
  spans.clear();
  // One wake-up per drain, however many requests find a full batch before the thread runs.
  if (full_batch && !kicked_.exchange(true)) {
    std::lock_guard lock(mutex_);
    wake_.notify_one();
  }
  return true;
}

void span_exporter::flush() {
  if (!thread_.joinable()) return;
  std::unique_lock lock(mutex_);
  const auto ticket = ++flush_requested_;
  wake_.notify_one();
  flushed_.wait(lock, [&] { return flush_done_ >= ticket; });
}

span_export_counters span_exporter::counters() const {
  return {exported_.load(std::memory_order_relaxed), dropped_.load(std::memory_order_relaxed),
          failures_.load(std::memory_order_relaxed)};
}

void span_exporter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    // The deadline is I/O pacing (how long a span may wait), not decision logic: no injected clock.
    wake_.wait_for(lock, config_.max_delay, [&] { return stop_ || kicked_.load() || flush_requested_ != flush_done_; });
    const bool stopping = stop_;
    const auto requested = flush_requested_;
    kicked_.store(false);
    lock.unlock();
    export_buffered();
    lock.lock();
    flush_done_ = requested;
    flushed_.notify_all();
    if (stopping) return;
  }
}

void span_exporter::export_buffered() {
  for (std::size_t i = 0; i < static_cast<std::size_t>(config_.threads); ++i) {
    auto& l = lanes_[i];
    std::lock_guard lock(l.mutex);
    if (l.spans.empty()) continue;
    if (draining_.empty()) {
      draining_.swap(l.spans);  // the lane gets the drained vector back, capacity kept
    } else {
      std::move(l.spans.begin(), l.spans.end(), std::back_inserter(draining_));
      l.spans.clear();
    }
  }
  for (auto& t : targets_) t->failed_this_round = false;
  for (std::size_t at = 0; at < draining_.size(); at += config_.max_batch)
    write_batch(draining_.data() + at, std::min(config_.max_batch, draining_.size() - at));
  exported_.fetch_add(draining_.size(), std::memory_order_relaxed);
  draining_.clear();
}

void span_exporter::write_batch(const span_data* spans, std::size_t count) {
  for (const auto what : {target::format::otlp, target::format::zipkin}) {
    bool encoded = false;
    for (auto& t : targets_) {
      if (t->what != what) continue;
      if (!encoded) {
        body_.clear();
        if (what == target::format::otlp) append_otlp_json(body_, spans, count, config_.service_name);
        else append_zipkin_json(body_, spans, count, config_.service_name);
        encoded = true;
      }
      if (t->poster) {
        if (t->failed_this_round) {
          failures_.fetch_add(1, std::memory_order_relaxed);
          continue;
        }
        const auto r = t->poster->post(body_);
        if (!r.ok()) {
          t->failed_this_round = true;
          count_failure(*t, r.error);
        }
      } else {
        t->file.write(body_.data(), static_cast<std::streamsize>(body_.size()));
        t->file.put('\n');
        t->file.flush();
        if (!t->file) {
          t->file.clear();
          count_failure(*t, "write failed");
        }
      }
    }
  }
}

void span_exporter::count_failure(const target& t, const std::string& error) {
  failures_.fetch_add(1, std::memory_order_relaxed);
  // Once per destination and kind of failure: a collector that is down must not flood the log.
  if (logged_.size() < 64 && logged_.insert(t.name + "\n" + error).second)
    std::cerr << "portico gateway: span export to " << t.name << " failed: " << error
              << " (counted; further failures of this kind are not logged)\n";
}

}  // namespace portico::gateway::patterns
