#include "gateway/admin/access_log.hpp"

#include "core/util/json_escape.hpp"

#include <charconv>
#include <chrono>
#include <ctime>
#include <stdexcept>

namespace portico::gateway {

namespace {
constexpr std::size_t hand_over_bytes = 32 * 1024;
constexpr std::size_t max_queued_bytes = 8 * 1024 * 1024;

void append_time(std::string& out) {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[32];
  const auto n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
  out.append(buf, n);
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms % 1000));
  out.append(frac);
}

void field(std::string& out, std::string_view name, std::string_view value) {
  out.append(",\"").append(name).append("\":\"");
  append_json_escaped(out, value);
  out += '"';
}

template <class N>
void number(std::string& out, std::string_view name, N value) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, value);
  out.append(",\"").append(name).append("\":").append(buf, r.ptr);
}
}  // namespace

void append_json_escaped(std::string& out, std::string_view text) { core::append_json_escaped(out, text); }

access_log::access_log(const std::string& path, int threads) : buffers_(static_cast<std::size_t>(std::max(1, threads))) {
  file_ = std::fopen(path.c_str(), "a");
  if (!file_) throw std::runtime_error("gateway.access_log: cannot open '" + path + "' for appending");
  for (auto& b : buffers_) b.text.reserve(hand_over_bytes + 1024);
  writer_ = std::thread([this] { write_loop(); });
}

access_log::~access_log() {
  for (auto& b : buffers_) hand_over(b);
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  wake_.notify_one();
  writer_.join();
  std::fclose(file_);
}

void access_log::append(int thread, const access_entry& e) {
  auto& b = buffers_[static_cast<std::size_t>(thread)];
  auto& out = b.text;
  out.append("{\"time\":\"");
  append_time(out);
  out += '"';
  field(out, "listener", e.listener);
  field(out, "route", e.route);
  field(out, "method", e.method);
  field(out, "path", e.path);
  field(out, "query", e.query);
  number(out, "status", e.status);
  out.append(e.local ? ",\"local\":true" : ",\"local\":false");
  field(out, "backend", e.backend);
  number(out, "attempts", e.attempts);
  number(out, "duration_ms", static_cast<double>(e.duration_ns) / 1e6);
  field(out, "client", e.client);
  field(out, "request_id", e.request_id);
  out.append("}\n");
  ++b.lines;
  if (out.size() >= hand_over_bytes) hand_over(b);
}

void access_log::flush(int thread) { hand_over(buffers_[static_cast<std::size_t>(thread)]); }

void access_log::hand_over(thread_buffer& b) {
  if (b.text.empty()) return;
  std::string full;
  full.reserve(hand_over_bytes + 1024);
  full.swap(b.text);
  {
    std::lock_guard lock(mutex_);
    if (queued_bytes_ + full.size() > max_queued_bytes) {
      dropped_.fetch_add(b.lines, std::memory_order_relaxed);
      b.lines = 0;
      return;
    }
    queued_bytes_ += full.size();
    queue_.emplace_back(std::move(full), b.lines);
  }
  b.lines = 0;
  wake_.notify_one();
}

void access_log::write_loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
    while (!queue_.empty()) {
      auto [text, lines] = std::move(queue_.front());
      queue_.pop_front();
      queued_bytes_ -= text.size();
      lock.unlock();
      if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) dropped_.fetch_add(lines, std::memory_order_relaxed);
      std::fflush(file_);
      lock.lock();
    }
    if (closing_) return;
  }
}

}  // namespace portico::gateway
