#include "gateway/admin/access_log.hpp"

#include "core/util/json_escape.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <chrono>
#include <ctime>
#include <stdexcept>

namespace portico::gateway {

namespace {
// Each hand-over wakes the writer and costs a write: 128 KiB is ~450 lines, so at 30,000 lines/s
// about 70 a second (the sweep's flush still bounds how late a quiet thread's lines reach the file).
constexpr std::size_t hand_over_bytes = 128 * 1024;
constexpr std::size_t max_queued_bytes = 8 * 1024 * 1024;
// A buffer's capacity: a hand-over's worth plus room for a typical line's worst case (6 bytes per
// string byte, plus the names, numbers and time). A longer line gets a buffer of its own.
constexpr std::size_t buffer_capacity = hand_over_bytes + 64 * 1024;
constexpr std::size_t line_fixed_room = 512;
constexpr std::size_t max_spares = 4;

// A line is written through a raw cursor into room reserved once per line (no per-piece
// capacity checks): each piece below returns the new end.
char* put(char* p, std::string_view text) noexcept {
  std::memcpy(p, text.data(), text.size());
  return p + text.size();
}

// Unsigned decimal, as many digits as v needs (at most 20), written in place.
char* put_digits(char* p, std::uint64_t v) noexcept { return std::to_chars(p, p + 20, v).ptr; }

// Exactly `width` digits, zero-padded: the fractions of a time (v < 10^width).
char* put_fixed_digits(char* p, std::uint64_t v, int width) noexcept {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return p + width;
}

// prefix (the literal `,"name":"`), the escaped value, the closing quote.
char* put_field(char* p, std::string_view prefix, std::string_view value) noexcept {
  p = core::write_json_escaped(put(p, prefix), value);
  *p++ = '"';
  return p;
}

}  // namespace

void append_json_escaped(std::string& out, std::string_view text) { core::append_json_escaped(out, text); }

access_log::access_log(const std::string& path, int threads) : buffers_(static_cast<std::size_t>(std::max(1, threads))) {
  file_ = std::fopen(path.c_str(), "a");
  if (!file_) throw std::runtime_error("gateway.access_log: cannot open '" + path + "' for appending");
  for (auto& b : buffers_) b.text = fresh_chunk();
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

// The date and time to the second only changes once a second: format it then (gmtime_r and
// strftime cost more than the rest of the line), and the milliseconds every time.
char* access_log::put_time(thread_buffer& b, char* p, core::time_point finished) {
  const auto wall_ns = [] {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  };
  std::int64_t ns;
  if (finished == core::time_point{}) {
    ns = wall_ns();
  } else {
    if (!b.has_offset || finished - b.offset_read >= std::chrono::seconds(1)) {
      b.wall_offset_ns = wall_ns() - finished.since_epoch.count();
      b.offset_read = finished;
      b.has_offset = true;
    }
    ns = finished.since_epoch.count() + b.wall_offset_ns;
  }
  const std::int64_t ms = ns / 1'000'000;
  const std::int64_t second = ms / 1000;
  if (second != b.stamp_second) {
    const auto seconds = static_cast<std::time_t>(second);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    b.stamp_size = std::strftime(b.stamp, sizeof b.stamp, "%Y-%m-%dT%H:%M:%S", &utc);
    b.stamp_second = second;
  }
  p = put(p, {b.stamp, b.stamp_size});
  *p++ = '.';
  p = put_fixed_digits(p, static_cast<std::uint64_t>(ms % 1000), 3);
  *p++ = 'Z';
  return p;
}

access_log::chunk access_log::fresh_chunk() { return {std::make_unique_for_overwrite<char[]>(buffer_capacity), 0, 0}; }

// One line at p, which must have room for line_room(e); returns its end.
char* access_log::put_line(thread_buffer& b, char* p, const access_entry& e) {
  p = put(p, "{\"time\":\"");
  p = put_time(b, p, e.finished);
  *p++ = '"';
  p = put_field(p, ",\"listener\":\"", e.listener);
  p = put_field(p, ",\"route\":\"", e.route);
  p = put_field(p, ",\"method\":\"", e.method);
  p = put_field(p, ",\"path\":\"", e.path);
  p = put_field(p, ",\"query\":\"", e.query);
  p = put_digits(put(p, ",\"status\":"), static_cast<std::uint64_t>(std::max(e.status, 0)));
  p = put(p, e.local ? ",\"local\":true" : ",\"local\":false");
  p = core::write_json_escaped(put(p, ",\"backend\":\""), e.backend);
  if (e.instance >= 0) p = put_digits(put(p, "#"), static_cast<std::uint64_t>(e.instance));  // "name#instance"
  *p++ = '"';
  p = put_digits(put(p, ",\"attempts\":"), static_cast<std::uint64_t>(std::max(e.attempts, 0)));
  // Milliseconds with all nine digits of the nanoseconds kept: integer arithmetic, no double.
  const auto ns = static_cast<std::uint64_t>(std::max<std::int64_t>(e.duration_ns, 0));
  p = put_digits(put(p, ",\"duration_ms\":"), ns / 1'000'000);
  *p++ = '.';
  p = put_fixed_digits(p, ns % 1'000'000, 6);
  p = put_field(p, ",\"client\":\"", e.client);
  p = put_field(p, ",\"request_id\":\"", e.request_id);
  p = put(p, "}\n");
  return p;
}

std::size_t access_log::line_room(const access_entry& e) noexcept {
  // The worst case: every string byte escaped to 6, plus the names, numbers and time.
  const std::size_t strings = e.listener.size() + e.route.size() + e.method.size() + e.path.size() + e.query.size() +
                              e.backend.size() + e.client.size() + e.request_id.size();
  return 6 * strings + line_fixed_room;
}

void access_log::append(int thread, const access_entry& e) {
  auto& b = buffers_[static_cast<std::size_t>(thread)];
  const std::size_t room = line_room(e);
  if (b.text.size + room > buffer_capacity) {
    hand_over(b);
    if (room > buffer_capacity) {  // longer than a buffer (a huge request id): a chunk of its own
      chunk line{std::make_unique_for_overwrite<char[]>(room), 0, 1};
      line.size = static_cast<std::size_t>(put_line(b, line.bytes.get(), e) - line.bytes.get());
      enqueue(std::move(line));
      return;
    }
  }
  char* const start = b.text.bytes.get() + b.text.size;
  b.text.size += static_cast<std::size_t>(put_line(b, start, e) - start);
  ++b.text.lines;
  if (b.text.size >= hand_over_bytes) hand_over(b);
}

void access_log::flush(int thread) { hand_over(buffers_[static_cast<std::size_t>(thread)]); }

void access_log::hand_over(thread_buffer& b) {
  if (b.text.size == 0) return;
  b.text = enqueue(std::move(b.text));
  if (!b.text.bytes) b.text = fresh_chunk();
}

access_log::chunk access_log::enqueue(chunk c) {
  std::unique_lock lock(mutex_);
  if (queued_bytes_ + c.size > max_queued_bytes) {
    dropped_.fetch_add(c.lines, std::memory_order_relaxed);
    c.size = 0;
    c.lines = 0;
    return c;
  }
  queued_bytes_ += c.size;
  queue_.push_back(std::move(c));
  chunk next;
  if (!spares_.empty()) {
    next = std::move(spares_.back());
    spares_.pop_back();
  }
  lock.unlock();
  wake_.notify_one();
  return next;
}

void access_log::write_loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return closing_ || !queue_.empty(); });
    while (!queue_.empty()) {
      chunk text = std::move(queue_.front());
      queue_.pop_front();
      queued_bytes_ -= text.size;
      lock.unlock();
      const bool ok = std::fwrite(text.bytes.get(), 1, text.size, file_) == text.size && std::fflush(file_) == 0;
      (ok ? written_ : dropped_).fetch_add(text.lines, std::memory_order_relaxed);
      text.size = 0;
      text.lines = 0;
      lock.lock();
      if (spares_.size() < max_spares) spares_.push_back(std::move(text));
    }
    if (closing_) return;
  }
}

}  // namespace portico::gateway
