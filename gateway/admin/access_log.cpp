#include "gateway/admin/access_log.hpp"

#include "core/util/json_escape.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <stdexcept>

namespace portico::gateway {

namespace {
constexpr std::size_t hand_over_bytes = 32 * 1024;
constexpr std::size_t max_queued_bytes = 8 * 1024 * 1024;

// Unsigned decimal, at least `width` digits (zero-padded).
void digits(std::string& out, std::uint64_t v, int width = 1) {
  char buf[24];
  char* p = buf + sizeof buf;
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
    --width;
  } while (v != 0 || width > 0);
  out.append(p, static_cast<std::size_t>(buf + sizeof buf - p));
}

// `,"name":"value"` with the value escaped; prefix is the literal `,"name":"`.
void field(std::string& out, std::string_view prefix, std::string_view value) {
  out.append(prefix);
  core::append_json_escaped(out, value);
  out += '"';
}

}  // namespace

// The date and time to the second only changes once a second: format it then (gmtime_r and
// strftime cost more than the rest of the line), and the milliseconds every time.
void access_log::append_time(thread_buffer& b) {
  const auto now = std::chrono::system_clock::now();
  const std::int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::int64_t second = ms / 1000;
  if (second != b.stamp_second) {
    const auto seconds = static_cast<std::time_t>(second);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    b.stamp_size = std::strftime(b.stamp, sizeof b.stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    b.stamp_second = second;
  }
  b.text.append(b.stamp, b.stamp_size);
  b.text += '.';
  digits(b.text, static_cast<std::uint64_t>(ms % 1000), 3);
  b.text += 'Z';
}

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
  append_time(b);
  out += '"';
  field(out, ",\"listener\":\"", e.listener);
  field(out, ",\"route\":\"", e.route);
  field(out, ",\"method\":\"", e.method);
  field(out, ",\"path\":\"", e.path);
  field(out, ",\"query\":\"", e.query);
  out.append(",\"status\":");
  digits(out, static_cast<std::uint64_t>(std::max(e.status, 0)));
  out.append(e.local ? ",\"local\":true" : ",\"local\":false");
  field(out, ",\"backend\":\"", e.backend);
  if (e.instance >= 0) {
    out.pop_back();  // the closing quote: "name#instance"
    out += '#';
    digits(out, static_cast<std::uint64_t>(e.instance));
    out += '"';
  }
  out.append(",\"attempts\":");
  digits(out, static_cast<std::uint64_t>(std::max(e.attempts, 0)));
  // Milliseconds with all nine digits of the nanoseconds kept: integer arithmetic, no double.
  const auto ns = static_cast<std::uint64_t>(std::max<std::int64_t>(e.duration_ns, 0));
  out.append(",\"duration_ms\":");
  digits(out, ns / 1'000'000);
  out += '.';
  digits(out, ns % 1'000'000, 6);
  field(out, ",\"client\":\"", e.client);
  field(out, ",\"request_id\":\"", e.request_id);
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
      const bool ok = std::fwrite(text.data(), 1, text.size(), file_) == text.size() && std::fflush(file_) == 0;
      (ok ? written_ : dropped_).fetch_add(lines, std::memory_order_relaxed);
      lock.lock();
    }
    if (closing_) return;
  }
}

}  // namespace portico::gateway
