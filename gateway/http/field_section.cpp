#include "gateway/http/field_section.hpp"

#include "gateway/http/char_class.hpp"

#include <bit>
#include <cstring>

namespace portico::gateway::http {

std::string_view message_head::get(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < field_count; ++i)
    if (iequals(fields[i].name, name)) return fields[i].value;
  return {};
}

std::string_view message_head::get(field_kind kind) const noexcept {
  if (!has(kind)) return {};
  for (std::size_t i = 0; i < field_count; ++i)
    if (fields[i].kind == kind) return fields[i].value;
  return {};
}

field_kind classify_field(std::string_view name) noexcept {
  using enum field_kind;
  // The first letter decides most misses (Date is not Host) before a whole compare; every known
  // name starts with a lower-case letter, and | 0x20 maps only its upper-case form onto it.
  const auto is = [name](std::string_view known, field_kind k) {
    return (name[0] | 0x20) == known[0] && iequals(name, known) ? k : other;
  };
  switch (name.size()) {
    case 2: return is("te", te);
    case 3: return is("via", via);
    case 4: return is("host", host);
    case 6: return is("expect", expect);
    case 7: return name[0] == 't' || name[0] == 'T' ? is("trailer", trailer) : is("upgrade", upgrade);
    case 9: return is("forwarded", forwarded);
    case 10: return name[0] == 'c' || name[0] == 'C' ? is("connection", connection) : is("keep-alive", keep_alive);
    case 12: return is("x-request-id", x_request_id);
    case 14: return is("content-length", content_length);
    case 15: return name[0] == 'x' || name[0] == 'X' ? is("x-forwarded-for", x_forwarded_for) : is("accept-encoding", accept_encoding);
    case 16: return is("proxy-connection", proxy_connection);
    case 17: return name[0] == 't' || name[0] == 'T' ? is("transfer-encoding", transfer_encoding) : is("x-forwarded-proto", x_forwarded_proto);
    case 18: return is("proxy-authenticate", proxy_authenticate);
    case 19: return is("proxy-authorization", proxy_authorization);
    default: return other;
  }
}

namespace detail {

head_scan scan_head(std::string_view buffer, std::size_t skip, const parse_limits& limits, bool request) noexcept {
  const char* base = buffer.data();
  const std::size_t n = buffer.size();
  std::size_t pos = skip;
  bool first_line = true;
  while (pos < n) {
    const void* found = std::memchr(base + pos, '\n', n - pos);
    if (!found) break;
    const std::size_t lf = static_cast<std::size_t>(static_cast<const char*>(found) - base);
    if (lf == 0 || base[lf - 1] != '\r') return {0, http_error::bare_lf};
    if (first_line) {
      if (lf - skip > limits.max_request_line) return {0, request ? http_error::request_line_too_long : http_error::header_too_large};
      first_line = false;
    } else if (lf == pos + 1) {  // an empty line (pos points at its CR): end of the head
      if (lf + 1 > limits.max_header_bytes) return {0, http_error::header_too_large};
      return {lf + 1, http_error::none};
    }
    pos = lf + 1;
  }
  if (first_line && n - skip > limits.max_request_line)
    return {0, request ? http_error::request_line_too_long : http_error::header_too_large};
  if (n > limits.max_header_bytes) return {0, http_error::header_too_large};
  return {0, http_error::none};
}

namespace {

constexpr std::uint64_t bytes_of(std::uint8_t b) noexcept { return 0x0101010101010101ULL * b; }

// The control bytes (below 0x20, or DEL) among eight: those need a closer look (HTAB is allowed in
// a value, CR ends it, the rest are refused). Bit 7 of a byte is set for a control byte; a
// borrow can only set it above a real one, so the lowest set bit is exact (the usual "has a byte
// less than n" and "has a zero byte" tests).
static_assert(std::endian::native == std::endian::little, "control_bytes: the first byte is the lowest");
inline std::uint64_t control_bytes(std::uint64_t w) noexcept {
  constexpr std::uint64_t high = bytes_of(0x80);
  const std::uint64_t below_space = (w - bytes_of(0x20)) & ~w & high;
  const std::uint64_t del = w ^ bytes_of(0x7f);
  return below_space | ((del - bytes_of(0x01)) & ~del & high);
}

// The error for a field line that has no ':' after a token name (off the fast path): a CR in the
// line is a bare CR, anything else a bad name (RFC 9112 §5.1 also refuses "Name :").
http_error bad_name_line(const char* line, const char* end) noexcept {
  const auto lf = static_cast<const char*>(std::memchr(line, '\n', static_cast<std::size_t>(end - line)));
  std::size_t n = static_cast<std::size_t>((lf ? lf : end) - line);
  if (lf && n > 0) --n;  // the CR before the LF
  const std::string_view text(line, n);
  if (text.find(':') == std::string_view::npos && text.find('\r') != std::string_view::npos) return http_error::bare_cr;
  return http_error::bad_field_name;
}

// Connection options (RFC 9110 §7.6.1). Naming a framing or routing field would make this hop
// drop it before the next one: refused, a known way to desynchronise a chain of proxies.
http_error parse_connection(std::string_view value, message_head& head) noexcept {
  while (!value.empty()) {
    const auto comma = value.find(',');
    const auto token = trim_ows(value.substr(0, comma));
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    if (token.empty()) continue;
    if (!is_token(token)) return http_error::bad_field_value;
    if (iequals(token, "close")) {
      head.connection_close = true;
    } else if (iequals(token, "keep-alive")) {
      head.connection_keep_alive = true;
    } else if (iequals(token, "content-length") || iequals(token, "transfer-encoding") || iequals(token, "host")) {
      return http_error::bad_connection_option;
    } else {
      if (head.connection_token_count == connection_token_capacity) return http_error::bad_connection_option;
      head.connection_tokens[head.connection_token_count++] = token;
    }
  }
  return http_error::none;
}

}  // namespace

http_error parse_fields(std::string_view section, const parse_limits& limits, message_head& head,
                        std::size_t& host_count, std::string_view& host, bool& expect_continue,
                        bool& expect_other) noexcept {
  const std::size_t max_fields = limits.max_fields < field_capacity ? limits.max_fields : field_capacity;
  std::size_t te_fields = 0;
  // One pass per line: the name through the token table up to ':', the value eight bytes at a
  // time up to its CR (scan_head guarantees every LF follows a CR, so each line ends in CRLF).
  const char* p = section.data();
  const char* const end = p + section.size();
  while (p < end) {
    if (*p == ' ' || *p == '\t') return http_error::obs_fold;
    const char* const line = p;
    while (p < end && is(*p, tchar)) ++p;
    if (p == line || p == end || *p != ':') return bad_name_line(line, end);
    const std::string_view name(line, static_cast<std::size_t>(p - line));
    ++p;
    while (p < end && (*p == ' ' || *p == '\t')) ++p;
    const char* const value_begin = p;
    for (;;) {
      if (end - p >= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, sizeof w);
        const std::uint64_t control = control_bytes(w);
        if (control == 0) {
          p += 8;
          continue;
        }
        p += std::countr_zero(control) / 8;  // bytes are loaded little-endian: the first one
      }
      if (p == end) return http_error::bare_cr;  // unreachable after scan_head: no CR before the end
      if (*p == '\r') break;
      if (!is(*p, value_char)) return http_error::bad_field_value;
      ++p;
    }
    if (end - p < 2 || p[1] != '\n') return http_error::bare_cr;
    const char* value_end = p;
    while (value_end > value_begin && (value_end[-1] == ' ' || value_end[-1] == '\t')) --value_end;
    const std::string_view value(value_begin, static_cast<std::size_t>(value_end - value_begin));
    p += 2;
    if (head.field_count == max_fields) return http_error::too_many_fields;
    const field_kind kind = classify_field(name);
    head.fields[head.field_count++] = {name, value, kind};
    head.kinds_seen |= 1u << static_cast<unsigned>(kind);

    switch (kind) {
      case field_kind::host:
        ++host_count;
        host = value;
        break;
      case field_kind::expect:
        (iequals(value, "100-continue") ? expect_continue : expect_other) = true;
        break;
      case field_kind::upgrade:
        head.upgrade = true;
        break;
      case field_kind::connection:
        if (auto e = parse_connection(value, head); e != http_error::none) return e;
        break;
      case field_kind::content_length:
        if (head.has_content_length || value.find(',') != std::string_view::npos) return http_error::duplicate_content_length;
        if (!parse_content_length(value, head.content_length)) return http_error::bad_content_length;
        head.has_content_length = true;
        break;
      case field_kind::transfer_encoding:
        if (++te_fields > 1) return http_error::bad_transfer_encoding;
        if (auto e = check_transfer_encoding(value); e != http_error::none) return e;
        head.has_transfer_encoding = true;
        break;
      default:
        break;
    }
  }
  return http_error::none;
}

http_error check_transfer_encoding(std::string_view value) noexcept {
  bool chunked_seen = false, chunked_last = false, other = false;
  if (value.empty()) return http_error::bad_transfer_encoding;
  while (true) {
    const auto comma = value.find(',');
    const auto coding = trim_ows(value.substr(0, comma));
    if (coding.empty()) return http_error::bad_transfer_encoding;  // ", chunked" is an obfuscation
    if (iequals(coding, "chunked")) {
      if (chunked_seen) return http_error::bad_transfer_encoding;  // RFC 9112 §6.1: at most once
      chunked_seen = chunked_last = true;
    } else {
      // A coding with parameters ("chunked;q=1") or not a token is malformed; a token we do not
      // implement (gzip, identity, xchunked) is "unknown" — but only 501 if chunked ends the list.
      const auto semicolon = coding.find(';');
      if (!is_token(coding.substr(0, semicolon))) return http_error::bad_transfer_encoding;
      other = true;
      chunked_last = false;
    }
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  if (!chunked_last) return http_error::bad_transfer_encoding;  // RFC 9112 §6.3 rule 4: 400
  return other ? http_error::unknown_transfer_coding : http_error::none;
}

bool parse_content_length(std::string_view value, std::uint64_t& out) noexcept {
  if (value.empty() || value.size() > 18) return false;  // 18 digits: fits in 63 bits
  std::uint64_t v = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  out = v;
  return true;
}

}  // namespace detail
}  // namespace portico::gateway::http
