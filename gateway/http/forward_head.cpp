#include "gateway/http/forward_head.hpp"

#include "core/net/reason_phrase.hpp"
#include "gateway/http/char_class.hpp"

#include <cassert>
#include <charconv>
#include <cstring>

namespace portico::gateway::http {

namespace {

void append_number(std::string& out, std::uint64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

// Writes a head into room made once up front. A forwarded head is some 40 short pieces, and
// std::string::append's capacity check and bookkeeping per piece were ~8 % of the proxy's
// instructions per request. `room` must bound what is written (checked in debug builds).
class head_writer {
 public:
  head_writer(std::string& out, std::size_t room) : out_(out), begin_(out.size()) {
    out_.resize(begin_ + room);
    p_ = out_.data() + begin_;
    end_ = p_ + room;
  }
  ~head_writer() { out_.resize(static_cast<std::size_t>(p_ - out_.data())); }
  head_writer(const head_writer&) = delete;
  head_writer& operator=(const head_writer&) = delete;

  head_writer& put(std::string_view s) noexcept {
    assert(static_cast<std::size_t>(end_ - p_) >= s.size());
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
    return *this;
  }
  head_writer& number(std::uint64_t v) noexcept {
    p_ = std::to_chars(p_, end_, v).ptr;
    return *this;
  }
  head_writer& signed_number(std::int64_t v) noexcept {
    p_ = std::to_chars(p_, end_, v).ptr;
    return *this;
  }
  head_writer& field(std::string_view name, std::string_view value) noexcept {
    return put(name).put(": ").put(value).put("\r\n");
  }
  // "Name: v1, v2, ..., last\r\n" joining every received field of `kind` with `last`.
  head_writer& joined(const message_head& in, field_kind kind, std::string_view name, std::string_view last_prefix,
                      std::string_view last, std::string_view last_suffix) noexcept {
    put(name).put(": ");
    if (in.has(kind)) {
      for (std::size_t i = 0; i < in.field_count; ++i) {
        if (in.fields[i].kind == kind && !in.fields[i].value.empty()) put(in.fields[i].value).put(", ");
      }
    }
    return put(last_prefix).put(last).put(last_suffix).put("\r\n");
  }

 private:
  std::string& out_;
  std::size_t begin_;
  char* p_;
  char* end_;
};

// Room for every received field re-written as "name: value\r\n", plus the same again for the
// values a joined field (Via, Forwarded, X-Forwarded-For) may repeat.
std::size_t fields_room(const message_head& in) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < in.field_count; ++i) n += in.fields[i].name.size() + in.fields[i].value.size() + 4;
  return 2 * n;
}

constexpr std::size_t fixed_room = 512;  // status/request line words, added fields' names, numbers

// Fields the proxy writes itself instead of copying.
bool rewritten_request_field(field_kind kind) noexcept {
  using enum field_kind;
  switch (kind) {
    case via: case host: case expect: case forwarded: case x_request_id: case content_length: case x_forwarded_for:
    case x_forwarded_proto:
      return true;
    default:
      return false;
  }
}

// Hop-by-hop, or named by one of `head`'s Connection options.
bool dropped_when_forwarding(const message_head& head, const field& f) noexcept {
  if (is_hop_by_hop(f.kind)) return true;
  for (std::size_t i = 0; i < head.connection_token_count; ++i)
    if (iequals(head.connection_tokens[i], f.name)) return true;
  return false;
}

// A field a stage sets itself (traceparent, auth claims) replaces the client's: forwarding both
// would let the client's value win at a backend that reads the first one.
bool set_by_stage(const header_pairs* extra, std::string_view name) noexcept {
  if (!extra) return false;
  for (const auto& field : *extra)
    if (iequals(field.first, name)) return true;
  return false;
}

}  // namespace

void write_upstream_request_head(const request_head& in, const upstream_request& req, std::string& out) {
  std::size_t room = fixed_room + fields_room(in) + in.method.size() + req.path.size() + req.query.size() + in.host.size() +
                     req.authority.size() + 3 * req.client_ip.size() + req.request_id.size();
  if (req.extra)
    for (const auto& [name, value] : *req.extra) room += name.size() + value.size() + 4;
  head_writer w(out, room);
  w.put(in.method).put(" ").put(req.path);
  if (!req.query.empty()) w.put("?").put(req.query);
  w.put(" HTTP/1.1\r\nHost: ").put(in.host.empty() ? req.authority : in.host).put("\r\n");
  for (std::size_t i = 0; i < in.field_count; ++i) {
    const auto& f = in.fields[i];
    if (dropped_when_forwarding(in, f) || rewritten_request_field(f.kind)) continue;
    if (set_by_stage(req.extra, f.name)) continue;
    if (req.compressing && f.kind == field_kind::accept_encoding) continue;
    w.field(f.name, f.value);
  }
  if (in.framing == body_framing::chunked) {
    w.put("Transfer-Encoding: chunked\r\n");
  } else if (in.has_content_length) {
    w.put("Content-Length: ").number(in.content_length).put("\r\n");
  }
  if (req.websocket) w.put("Connection: Upgrade\r\nUpgrade: websocket\r\n");
  w.joined(in, field_kind::x_forwarded_for, "X-Forwarded-For", "", req.client_ip, "");
  w.put(req.tls ? "X-Forwarded-Proto: https\r\n" : "X-Forwarded-Proto: http\r\n");
  const bool v6 = req.client_ip.find(':') != std::string_view::npos;
  const std::string_view proto = req.tls ? (v6 ? "]\";proto=https" : ";proto=https") : (v6 ? "]\";proto=http" : ";proto=http");
  w.joined(in, field_kind::forwarded, "Forwarded", v6 ? "for=\"[" : "for=", req.client_ip, proto);
  w.joined(in, field_kind::via, "Via", "", "1.1 portico", "");
  w.field("X-Request-Id", req.request_id);
  if (req.extra) {
    for (const auto& [name, value] : *req.extra) w.field(name, value);
  }
  w.put("\r\n");
}

void write_client_response_head(const response_head& in, const client_response& how, std::string& out) {
  const std::string_view reason = in.reason.empty() ? net::reason_phrase(in.status) : in.reason;
  std::size_t room = fixed_room + fields_room(in) + reason.size() + how.request_id.size() + how.content_encoding.size();
  if (how.extra)
    for (const auto& [name, value] : *how.extra) room += name.size() + value.size() + 4;
  for (const auto& f : how.numbers) room += f.name.size() + 24;  // ": ", up to 20 digits and a sign, CRLF
  head_writer w(out, room);
  w.put("HTTP/1.1 ").number(static_cast<std::uint64_t>(in.status)).put(" ").put(reason).put("\r\n");
  bool has_request_id = false;
  for (std::size_t i = 0; i < in.field_count; ++i) {
    const auto& f = in.fields[i];
    if (dropped_when_forwarding(in, f) || f.kind == field_kind::via) continue;
    if (how.drop_content_length && f.kind == field_kind::content_length) continue;
    if (f.kind == field_kind::x_request_id) has_request_id = true;
    w.field(f.name, f.value);
  }
  w.joined(in, field_kind::via, "Via", "", "1.1 portico", "");
  if (!has_request_id && !how.request_id.empty()) w.field("X-Request-Id", how.request_id);
  if (!how.content_encoding.empty()) w.field("Content-Encoding", how.content_encoding);
  if (how.chunked) w.put("Transfer-Encoding: chunked\r\n");
  if (how.websocket) w.put("Connection: Upgrade\r\nUpgrade: websocket\r\n");
  else if (how.close) w.put("Connection: close\r\n");
  else if (how.http10_keep_alive) w.put("Connection: keep-alive\r\n");
  if (how.extra)
    for (const auto& [name, value] : *how.extra) w.field(name, value);
  for (const auto& f : how.numbers) w.put(f.name).put(": ").signed_number(f.value).put("\r\n");
  w.put("\r\n");
}

void write_local_response(const local_response& response, bool close, std::string_view request_id, std::string& out) {
  out.append("HTTP/1.1 ");
  append_number(out, static_cast<std::uint64_t>(response.status));
  out.append(" ").append(net::reason_phrase(response.status)).append("\r\n");
  if (!response.body.empty() || response.status >= 200) {
    if (!response.content_type.empty()) append_field(out, "Content-Type", response.content_type);
    out.append("Content-Length: ");
    append_number(out, response.body.size());
    out.append("\r\n");
  }
  for (const auto& [name, value] : response.headers) append_field(out, name, value);
  if (!request_id.empty()) append_field(out, "X-Request-Id", request_id);
  out.append("Via: 1.1 portico\r\n");
  if (close) out.append("Connection: close\r\n");
  out.append("\r\n").append(response.body);
}

void append_chunk(std::string& out, std::string_view data) {
  if (data.empty()) return;
  char size[20];
  const auto r = std::to_chars(size, size + sizeof size, data.size(), 16);
  out.append(size, static_cast<std::size_t>(r.ptr - size)).append("\r\n").append(data).append("\r\n");
}

std::string error_body(std::string_view code, std::string_view message) {
  std::string body;
  body.reserve(32 + code.size() + message.size());
  body.append("{\"error\":\"");
  for (char c : code) body.push_back(c == '"' || c == '\\' ? '_' : c);
  body.append("\",\"message\":\"");
  for (char c : message) {
    if (c == '"' || c == '\\') body.push_back('\\');
    body.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  }
  body.append("\"}");
  return body;
}

}  // namespace portico::gateway::http
