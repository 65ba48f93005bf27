// Request-head parsing: request line, then the shared field rules, then request framing
// (RFC 9112 §6.3) and Host (§3.2). See message_head.hpp for the contract.
#include "gateway/http/char_class.hpp"
#include "gateway/http/field_section.hpp"
#include "gateway/http/message_head.hpp"

namespace portico::gateway::http {

namespace {

using namespace detail;

bool valid_target_bytes(std::string_view t) noexcept {
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '%') {
      if (i + 2 >= t.size() || !is(t[i + 1], hex_digit) || !is(t[i + 2], hex_digit)) return false;
      i += 2;
    } else if (!is(c, target_char)) {
      return false;
    }
  }
  return true;
}

// uri-host [ ":" port ] (RFC 9110 §7.2): reg-name, IPv4 or a bracketed IP-literal.
bool valid_host(std::string_view h) noexcept {
  if (h.empty()) return false;
  std::size_t i = 0;
  if (h.front() == '[') {
    const auto close = h.find(']');
    if (close == std::string_view::npos || close < 3) return false;
    for (i = 1; i < close; ++i) {
      const char c = h[i];
      if (!is(c, hex_digit) && c != ':' && c != '.') return false;
    }
    i = close + 1;
  } else {
    for (; i < h.size() && h[i] != ':'; ++i) {
      if (h[i] == '%') {
        if (i + 2 >= h.size() || !is(h[i + 1], hex_digit) || !is(h[i + 2], hex_digit)) return false;
        i += 2;
      } else if (!is(h[i], host_char)) {
        return false;
      }
    }
    if (i == 0) return false;
  }
  if (i == h.size()) return true;
  if (h[i] != ':' || h.size() - i - 1 > 5) return false;
  for (++i; i < h.size(); ++i)
    if (h[i] < '0' || h[i] > '9') return false;
  return true;
}

http_error parse_target(request_head& r) noexcept {
  std::string_view t = r.target;
  if (t.empty()) return http_error::bad_target;
  if (r.method == "CONNECT") return http_error::method_not_supported;
  if (t == "*") {
    if (r.method != "OPTIONS") return http_error::bad_target;
    r.path = t;
    return http_error::none;
  }
  if (!valid_target_bytes(t)) return http_error::bad_target;
  if (t.front() != '/') {
    // absolute-form (RFC 9112 §3.2.2): a server MUST accept it; its authority replaces Host.
    std::size_t scheme_end = 0;
    if (t.size() > 7 && iequals(t.substr(0, 7), "http://")) scheme_end = 7;
    else if (t.size() > 8 && iequals(t.substr(0, 8), "https://")) scheme_end = 8;
    else return http_error::bad_target;
    t.remove_prefix(scheme_end);
    const auto slash = t.find_first_of("/?");
    const auto authority = t.substr(0, slash);
    if (!valid_host(authority)) return http_error::bad_target;  // also refuses userinfo '@'
    r.host = authority;
    t = slash == std::string_view::npos ? std::string_view{} : t.substr(slash);
    if (t.empty() || t.front() == '?') {
      r.path = "/";
      r.query = t.empty() ? std::string_view{} : t.substr(1);
      return http_error::none;
    }
  }
  const auto q = t.find('?');
  r.path = t.substr(0, q);
  r.query = q == std::string_view::npos ? std::string_view{} : t.substr(q + 1);
  return http_error::none;
}

http_error parse_request_line(std::string_view line, request_head& r) noexcept {
  const auto sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return http_error::bad_request_line;
  const auto sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) return http_error::bad_request_line;
  r.method = line.substr(0, sp1);
  r.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const auto version = line.substr(sp2 + 1);
  if (r.method.empty() || r.target.empty()) return http_error::bad_request_line;
  if (!is_token(r.method)) return http_error::bad_method;
  if (version == "HTTP/1.1") r.version = 11;
  else if (version == "HTTP/1.0") r.version = 10;
  else if (version.size() == 8 && version.substr(0, 5) == "HTTP/" && version[5] >= '2' && version[5] <= '9' &&
           version[6] == '.' && version[7] >= '0' && version[7] <= '9')
    return http_error::version_not_supported;
  else return http_error::bad_version;
  return parse_target(r);
}

}  // namespace

parse_result parse_request(std::string_view buffer, const parse_limits& limits, request_head& r) noexcept {
  // RFC 9112 §2.2: ignore a few empty lines before the request line (left over after a body).
  std::size_t skip = 0;
  while (skip < 8 && buffer.size() >= skip + 2 && buffer[skip] == '\r' && buffer[skip + 1] == '\n') skip += 2;
  if (buffer.size() > skip && buffer[skip] == '\n') return {parse_state::error, http_error::bare_lf};
  const auto scan = scan_head(buffer, skip, limits, true);
  if (scan.error != http_error::none) return {parse_state::error, scan.error};
  if (scan.end == 0) return {parse_state::incomplete, http_error::none};

  r.reset();
  r.head_bytes = scan.end;
  const std::string_view head = buffer.substr(skip, scan.end - skip - 2);  // without the empty line
  const auto first_lf = head.find('\n');
  const auto line = head.substr(0, first_lf - 1);
  if (line.find('\r') != std::string_view::npos) return {parse_state::error, http_error::bare_cr};
  for (char c : line)
    if (!is(c, value_char) || c == '\t') return {parse_state::error, http_error::bad_request_line};
  if (auto e = parse_request_line(line, r); e != http_error::none) return {parse_state::error, e};
  const std::string_view absolute_host = r.host;

  std::size_t host_count = 0;
  std::string_view host;
  bool expect_other = false;
  if (auto e = parse_fields(head.substr(first_lf + 1), limits, r, host_count, host, r.expect_continue, expect_other);
      e != http_error::none)
    return {parse_state::error, e};

  if (host_count > 1) return {parse_state::error, http_error::duplicate_host};
  if (host_count == 0 && r.version >= 11) return {parse_state::error, http_error::missing_host};
  if (host_count == 1 && !valid_host(host)) return {parse_state::error, http_error::bad_host};
  r.host = absolute_host.empty() ? host : absolute_host;

  if (r.has_transfer_encoding) {
    if (r.version < 11) return {parse_state::error, http_error::transfer_encoding_http10};
    if (r.has_content_length) return {parse_state::error, http_error::content_length_with_transfer_encoding};
    r.framing = body_framing::chunked;
  } else if (r.has_content_length) {
    if (r.content_length > limits.max_body_bytes) return {parse_state::error, http_error::body_too_large};
    r.framing = r.content_length > 0 ? body_framing::content_length : body_framing::none;
  }
  if (expect_other) return {parse_state::error, http_error::expectation_failed};
  return {parse_state::complete, http_error::none};
}

}  // namespace portico::gateway::http
