#include "loadgen/response_parser.hpp"

#include <algorithm>
#include <cstring>

namespace portico::loadgen {

namespace {

constexpr std::size_t max_chunk_line = 1024;

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == y; });
}

// Case-insensitive search for a lowercase token in a comma-separated header value.
bool has_token(std::string_view value, std::string_view token) noexcept {
  while (!value.empty()) {
    const auto comma = value.find(',');
    auto item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (iequals(item, token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

const char* find_crlf(const char* p, const char* end) noexcept {
  while (p + 1 < end) {
    const auto* cr = static_cast<const char*>(std::memchr(p, '\r', static_cast<std::size_t>(end - p - 1)));
    if (!cr) return nullptr;
    if (cr[1] == '\n') return cr;
    p = cr + 1;
  }
  return nullptr;
}

}  // namespace

void response_parser::reset(bool head_request) noexcept {
  stage_ = stage::head;
  head_request_ = head_request;
  keep_alive_ = true;
  status_ = 0;
  remaining_ = 0;
  bytes_ = 0;
  error_ = "";
}

response_parser::outcome response_parser::fail(const char* why, std::size_t consumed) noexcept {
  error_ = why;
  keep_alive_ = false;
  return {state::error, consumed};
}

bool response_parser::finish_on_eof() noexcept {
  if (stage_ != stage::body_until_close) return false;
  stage_ = stage::complete;
  return true;
}

response_parser::outcome response_parser::parse_head(const char* data, std::size_t size) noexcept {
  const char* end = data + size;
  const auto* head_end = static_cast<const char*>(memmem(data, size, "\r\n\r\n", 4));
  if (!head_end) {
    if (size >= max_head) return fail("response head too large", 0);
    return {state::need_more, 0};
  }
  if (head_end + 4 - data > static_cast<std::ptrdiff_t>(max_head)) return fail("response head too large", 0);
  end = head_end + 2;  // each line below ends with its own CRLF
  // Status line: HTTP/1.x SP 3DIGIT [SP reason] CRLF
  if (size < 12 || std::memcmp(data, "HTTP/1.", 7) != 0 || (data[7] != '0' && data[7] != '1') || data[8] != ' ')
    return fail("malformed status line", 0);
  const char* d = data + 9;
  if (d[0] < '1' || d[0] > '9' || d[1] < '0' || d[1] > '9' || d[2] < '0' || d[2] > '9' ||
      (d[3] != ' ' && d[3] != '\r'))
    return fail("malformed status code", 0);
  status_ = (d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0');
  keep_alive_ = data[7] == '1';
  const char* line = find_crlf(d, end) + 2;
  bool chunked = false, has_length = false;
  std::uint64_t length = 0;
  while (line < end) {
    const char* eol = find_crlf(line, end);
    if (line[0] == ' ' || line[0] == '\t') return fail("obsolete header folding", 0);
    const auto* colon = static_cast<const char*>(std::memchr(line, ':', static_cast<std::size_t>(eol - line)));
    if (!colon || colon == line || colon[-1] == ' ') return fail("malformed header line", 0);
    const std::string_view name(line, static_cast<std::size_t>(colon - line));
    std::string_view value(colon + 1, static_cast<std::size_t>(eol - colon - 1));
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (iequals(name, "content-length")) {
      std::uint64_t v = 0;
      if (value.empty() || value.size() > 18) return fail("bad Content-Length", 0);
      for (char c : value) {
        if (c < '0' || c > '9') return fail("bad Content-Length", 0);
        v = v * 10 + static_cast<std::uint64_t>(c - '0');
      }
      if (has_length && v != length) return fail("conflicting Content-Length", 0);
      has_length = true;
      length = v;
    } else if (iequals(name, "transfer-encoding")) {
      chunked = has_token(value, "chunked");
      if (!chunked && !value.empty()) return fail("unsupported Transfer-Encoding", 0);
    } else if (iequals(name, "connection")) {
      if (has_token(value, "close")) keep_alive_ = false;
      else if (has_token(value, "keep-alive")) keep_alive_ = true;
    }
    line = eol + 2;
  }
  const auto consumed = static_cast<std::size_t>(head_end + 4 - data);
  bytes_ += consumed;
  if (status_ < 200) {
    if (status_ == 101) return fail("unexpected 101 Switching Protocols", 0);
    keep_alive_ = true;  // an interim response; the real one follows
    return {state::need_more, consumed};
  }
  if (head_request_ || status_ == 204 || status_ == 304) {
    stage_ = stage::complete;
  } else if (chunked) {
    stage_ = stage::chunk_size;
  } else if (has_length) {
    remaining_ = length;
    stage_ = length == 0 ? stage::complete : stage::body_length;
  } else {
    keep_alive_ = false;
    stage_ = stage::body_until_close;
  }
  return {state::need_more, consumed};
}

response_parser::outcome response_parser::parse(const char* data, std::size_t size) noexcept {
  std::size_t used = 0;
  for (;;) {
    const char* p = data + used;
    const std::size_t avail = size - used;
    switch (stage_) {
      case stage::head: {
        const auto o = parse_head(p, avail);
        if (o.result == state::error) return {state::error, used};
        if (o.consumed == 0) return {state::need_more, used};
        used += o.consumed;
        continue;
      }
      case stage::body_length:
      case stage::chunk_data: {
        const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, avail));
        used += take;
        bytes_ += take;
        remaining_ -= take;
        if (remaining_ > 0) return {state::need_more, used};
        stage_ = stage_ == stage::body_length ? stage::complete : stage::chunk_crlf;
        continue;
      }
      case stage::chunk_crlf: {
        if (avail < 2) return {state::need_more, used};
        if (p[0] != '\r' || p[1] != '\n') return fail("malformed chunk", used);
        used += 2;
        bytes_ += 2;
        stage_ = stage::chunk_size;
        continue;
      }
      case stage::chunk_size:
      case stage::trailers: {
        const char* eol = find_crlf(p, p + std::min(avail, max_chunk_line));
        if (!eol) {
          if (avail >= max_chunk_line) return fail("chunk line too long", used);
          return {state::need_more, used};
        }
        const auto line_length = static_cast<std::size_t>(eol - p);
        used += line_length + 2;
        bytes_ += line_length + 2;
        if (stage_ == stage::trailers) {
          if (line_length == 0) stage_ = stage::complete;
          continue;
        }
        std::uint64_t chunk = 0;
        std::size_t digits = 0;
        for (; digits < line_length && digits < 16; ++digits) {
          const char c = lower(p[digits]);
          const int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
          if (v < 0) break;
          chunk = chunk * 16 + static_cast<std::uint64_t>(v);
        }
        if (digits == 0 || (digits < line_length && p[digits] != ';' && p[digits] != ' ' && p[digits] != '\t'))
          return fail("malformed chunk size", used);
        remaining_ = chunk;
        stage_ = chunk == 0 ? stage::trailers : stage::chunk_data;
        continue;
      }
      case stage::body_until_close:
        used = size;
        bytes_ += avail;
        return {state::need_more, used};
      case stage::complete:
        return {state::done, used};
    }
  }
}

}  // namespace portico::loadgen
