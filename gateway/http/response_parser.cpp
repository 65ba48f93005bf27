// Upstream response heads. An upstream is trusted no more than a client: a response whose framing
// is ambiguous is refused (the proxy answers 502 and drops the upstream connection) instead of
// being passed on for the client to interpret differently.
#include "gateway/http/char_class.hpp"
#include "gateway/http/field_section.hpp"
#include "gateway/http/message_head.hpp"

namespace portico::gateway::http {

using namespace detail;

parse_result parse_response(std::string_view buffer, const parse_limits& limits, bool head_request,
                            response_head& r) noexcept {
  const auto scan = scan_head(buffer, 0, limits, false);
  if (scan.error != http_error::none) return {parse_state::error, scan.error};
  if (scan.end == 0) return {parse_state::incomplete, http_error::none};

  r.reset();
  r.head_bytes = scan.end;
  const std::string_view head = buffer.substr(0, scan.end - 2);
  const auto first_lf = head.find('\n');
  const auto line = head.substr(0, first_lf - 1);
  // status-line = HTTP-version SP 3DIGIT SP [ reason-phrase ]
  if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || (line[7] != '0' && line[7] != '1') || line[8] != ' ' ||
      line[12] != ' ' || line[9] < '1' || line[9] > '5' || line[10] < '0' || line[10] > '9' || line[11] < '0' ||
      line[11] > '9')
    return {parse_state::error, http_error::bad_request_line};
  r.version = line[7] == '1' ? 11 : 10;
  r.status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  r.reason = line.substr(13 > line.size() ? line.size() : 13);
  for (char c : r.reason)
    if (!is(c, value_char)) return {parse_state::error, http_error::bad_field_value};

  std::size_t host_count = 0;
  std::string_view host;
  bool expect_continue = false, expect_other = false;
  if (auto e = parse_fields(head.substr(first_lf + 1), limits, r, host_count, host, expect_continue, expect_other);
      e != http_error::none)
    return {parse_state::error, e};

  if (r.has_transfer_encoding && r.has_content_length)
    return {parse_state::error, http_error::content_length_with_transfer_encoding};
  if (head_request || r.status < 200 || r.status == 204 || r.status == 304) {
    r.framing = body_framing::none;
  } else if (r.has_transfer_encoding) {
    r.framing = body_framing::chunked;  // check_transfer_encoding accepted exactly "chunked"
  } else if (r.has_content_length) {
    r.framing = r.content_length > 0 ? body_framing::content_length : body_framing::none;
  } else {
    r.framing = body_framing::until_close;
  }
  return {parse_state::complete, http_error::none};
}

}  // namespace portico::gateway::http
