#pragma once
// Strict, zero-copy HTTP/1.1 message-head parsing for the proxy (RFC 9110 / RFC 9112).
//
// Why hand-written instead of Beast's request_parser: a proxy must refuse every message whose
// framing two implementations could read differently (request smuggling), and Beast accepts some
// of them (duplicate identical Content-Length, a Transfer-Encoding list with empty elements,
// leniencies around Content-Length + Transfer-Encoding that are left to the caller). A small
// parser over the complete head lets every rule be stated once, tested table-driven, and costs
// no allocation: fields are string_views into the caller's receive buffer, which must stay
// unchanged while the head is in use. Bodies are decoded by chunked_decoder (chunked) or counted
// (Content-Length).
//
// Accepts exactly: request-line = method SP request-target SP HTTP/1.0|HTTP/1.1 CRLF; fields
// name ":" OWS value OWS CRLF with token names and VCHAR/obs-text/SP/HTAB values; CRLF line ends
// only; up to 4 empty lines before the request line (RFC 9112 §2.2). Everything else is an error
// (see http_error.hpp for the list). Thread-safety: pure functions.
#include "core/util/ascii_case.hpp"
#include "gateway/http/http_error.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace portico::gateway::http {

// The field names the proxy acts on, recognised once by the parser: forwarding a head then tests
// one byte per field instead of comparing every name against a dozen strings again.
enum class field_kind : std::uint8_t {
  other,
  host,
  content_length,
  expect,
  // hop-by-hop (RFC 9110 §7.6.1; Keep-Alive and Proxy-Connection by custom, Transfer-Encoding
  // because the proxy re-frames every body)
  connection,
  keep_alive,
  proxy_connection,
  te,
  trailer,
  transfer_encoding,
  upgrade,
  proxy_authenticate,
  proxy_authorization,
  // written by the proxy itself
  via,
  forwarded,
  x_forwarded_for,
  x_forwarded_proto,
  x_request_id,
  accept_encoding,
};
static_assert(static_cast<unsigned>(field_kind::accept_encoding) < 32, "message_head::kinds_seen has a bit per kind");
// The kind of a field name, which must be a token (RFC 9110 §5.6.2), as the parser's are.
field_kind classify_field(std::string_view name) noexcept;
constexpr bool is_hop_by_hop(field_kind k) noexcept { return k >= field_kind::connection && k <= field_kind::proxy_authorization; }

struct field {
  std::string_view name;   // as received (case preserved)
  std::string_view value;  // OWS trimmed
  field_kind kind = field_kind::other;
};

struct parse_limits {
  std::size_t max_request_line = 8 * 1024;   // 414 beyond (status line for responses)
  std::size_t max_header_bytes = 16 * 1024;  // whole head incl. request line; 431 beyond
  std::size_t max_fields = 100;              // 431 beyond; at most field_capacity
  std::uint64_t max_body_bytes = 8 * 1024 * 1024;  // declared Content-Length beyond: 413
};

enum class body_framing : std::uint8_t { none, content_length, chunked, until_close };

inline constexpr std::size_t field_capacity = 128;
inline constexpr std::size_t connection_token_capacity = 8;

struct message_head {
  int version = 11;  // 10 or 11
  std::array<field, field_capacity> fields{};
  std::size_t field_count = 0;
  body_framing framing = body_framing::none;
  std::uint64_t content_length = 0;
  bool has_content_length = false;
  bool has_transfer_encoding = false;
  bool connection_close = false;
  bool connection_keep_alive = false;
  bool upgrade = false;  // an Upgrade field is present
  // Other Connection options: names of hop-by-hop fields to drop when forwarding (lower-case not
  // guaranteed; compare case-insensitively).
  std::array<std::string_view, connection_token_capacity> connection_tokens{};
  std::size_t connection_token_count = 0;
  std::size_t head_bytes = 0;  // bytes of the head including the final empty line
  std::uint32_t kinds_seen = 0;  // bit k: a field of kind k is present

  // The first field named `name` (case-insensitive), or "" when absent.
  std::string_view get(std::string_view name) const noexcept;
  // The first field of a known kind, or "" when absent.
  std::string_view get(field_kind kind) const noexcept;
  bool has(field_kind kind) const noexcept { return (kinds_seen >> static_cast<unsigned>(kind)) & 1u; }
  // Clears everything but the field array's storage (no 4 KiB memset per message).
  void reset_head() noexcept {
    version = 11;
    field_count = 0;
    framing = body_framing::none;
    content_length = 0;
    has_content_length = has_transfer_encoding = connection_close = connection_keep_alive = upgrade = false;
    connection_token_count = 0;
    head_bytes = 0;
    kinds_seen = 0;
  }
  // Persistent connection after this message (RFC 9112 §9.3).
  bool keep_alive() const noexcept { return version >= 11 ? !connection_close : connection_keep_alive && !connection_close; }
};

struct request_head : message_head {
  std::string_view method;
  std::string_view target;     // as received
  std::string_view path;       // origin path ("/x"); "*" for asterisk-form
  std::string_view query;      // without '?', "" when none
  std::string_view host;       // Host field, or the authority of an absolute-form target
  bool expect_continue = false;
  void reset() noexcept {
    reset_head();
    method = target = path = query = host = {};
    expect_continue = false;
  }
};

struct response_head : message_head {
  int status = 0;
  std::string_view reason;
  void reset() noexcept {
    reset_head();
    status = 0;
    reason = {};
  }
};

enum class parse_state : std::uint8_t { incomplete, complete, error };

struct parse_result {
  parse_state state = parse_state::incomplete;
  http_error error = http_error::none;
};

// Parses the request head at the start of `buffer` (all bytes received so far). incomplete: read
// more (the limits are already checked on the partial head, and a bare LF fails early).
parse_result parse_request(std::string_view buffer, const parse_limits& limits, request_head& out) noexcept;

// Parses an upstream response head. Framing follows RFC 9112 §6.3 given the request method
// (HEAD) and the status (1xx, 204, 304: no body). Stricter than the RFC: Content-Length with
// Transfer-Encoding, duplicate Content-Length and non-chunked codings are errors (502 upstream).
parse_result parse_response(std::string_view buffer, const parse_limits& limits, bool head_request,
                            response_head& out) noexcept;

using core::iequals;  // field names compare case-insensitively (RFC 9110 §5.1)

}  // namespace portico::gateway::http
