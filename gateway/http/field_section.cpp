#include "gateway/http/field_section.hpp"

#include "gateway/http/byte_scan.hpp"
#include "gateway/http/char_class.hpp"

#include <cstdint>
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

namespace {

// Whether `name`, a token, is `known` (lower-case letters and '-') in any case.
// | 0x20 turns an upper-case letter into its lower-case form and no other token byte into a letter
// or '-' (only CR would become '-', and a token holds none): exact, and a word at a time.
bool is_folded(std::string_view name, std::string_view known) noexcept {
  const auto fold = [](auto word) { return word | static_cast<decltype(word)>(0x2020202020202020ULL); };
  const auto same = [&](std::size_t at, auto word) {
    decltype(word) a, b;
    std::memcpy(&a, name.data() + at, sizeof a);
    std::memcpy(&b, known.data() + at, sizeof b);
    return fold(a) == b;
  };
  const std::size_t n = known.size();
  if (name.size() != n) return false;
  if (n >= 8) {  // whole words, then the last eight bytes again (overlapping ones already matched)
    for (std::size_t i = 0; i + 8 <= n; i += 8)
      if (!same(i, std::uint64_t{})) return false;
    return same(n - 8, std::uint64_t{});
  }
  if (n >= 4) return same(0, std::uint32_t{}) && same(n - 4, std::uint32_t{});
  for (std::size_t i = 0; i < n; ++i)
    if ((name[i] | 0x20) != known[i]) return false;
  return true;
}

}  // namespace

field_kind classify_field(std::string_view name) noexcept {
  using enum field_kind;
  // The first letter decides most misses (Date is not Host) before a whole compare.
  const auto is = [name](std::string_view known, field_kind k) {
    return (name[0] | 0x20) == known[0] && is_folded(name, known) ? k : other;
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
    const char* found = find_byte(base + pos, base + n, '\n');
    if (found == base + n) break;
    const std::size_t lf = static_cast<std::size_t>(found - base);
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
  // One pass per line: the name up to ':' (letters, digits and '-' sixteen at a time, any other
  // byte through the token table), the value sixteen bytes at a time up to its CR (scan_head
  // guarantees every LF follows a CR, so each line ends in CRLF).
  const char* p = section.data();
  const char* const end = p + section.size();
  while (p < end) {
    if (*p == ' ' || *p == '\t') return http_error::obs_fold;
    const char* const line = p;
    p = skip_common_name_bytes(p, end);
    while (p < end && is(*p, tchar)) ++p;
    if (p == line || p == end || *p != ':') return bad_name_line(line, end);
    const std::string_view name(line, static_cast<std::size_t>(p - line));
    ++p;
    while (p < end && (*p == ' ' || *p == '\t')) ++p;
    const char* const value_begin = p;
    for (;;) {
      p = find_control(p, end);
      if (p == end) return http_error::bare_cr;  // unreachable after scan_head: no CR before the end
      if (*p == '\r') break;
      if (*p != '\t') return http_error::bad_field_value;  // the only control byte a value may hold
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
