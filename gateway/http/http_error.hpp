#pragma once
// Why the gateway refuses a message, and how it answers. Every rejection of a client request ends
// the connection (Connection: close): after a framing error the byte stream can no longer be
// trusted, and RFC 9112 §6.3 says so for the ambiguous cases (CL+TE, bad CL, bad chunked).
// The enumerator names double as the machine-readable `error` of the JSON answer.
#include <cstdint>
#include <string_view>

namespace portico::gateway::http {

enum class http_error : std::uint8_t {
  none,
  // request line (RFC 9112 §3)
  bad_request_line,     // not "method SP target SP version CRLF" with single spaces
  bad_method,           // not a token
  bad_target,           // not origin-/absolute-/asterisk-form, or bytes outside the URI grammar
  bad_version,          // not HTTP/1.x
  version_not_supported,  // HTTP/2.0 and friends on an HTTP/1 connection: 505
  request_line_too_long,  // 414
  method_not_supported,   // CONNECT (authority-form): 501
  // field syntax (RFC 9112 §5, RFC 9110 §5.5)
  bad_field_name,       // not a token, or whitespace before the colon
  bad_field_value,      // NUL, CR, LF or another control byte in a value
  obs_fold,             // a line starting with SP/HTAB (obsolete line folding)
  bare_cr,              // CR not followed by LF
  bare_lf,              // LF not preceded by CR
  header_too_large,     // 431: header section beyond the limit
  too_many_fields,      // 431
  // field semantics
  missing_host,         // HTTP/1.1 without Host (RFC 9112 §3.2)
  duplicate_host,
  bad_host,
  bad_content_length,   // not 1*DIGIT, or too large to represent
  duplicate_content_length,  // also "42, 42": we refuse rather than collapse
  content_length_with_transfer_encoding,
  transfer_encoding_http10,  // Transfer-Encoding in an HTTP/1.0 message
  bad_transfer_encoding,     // malformed list, chunked not last, chunked twice, repeated field
  unknown_transfer_coding,   // 501 (RFC 9112 §6.1)
  bad_connection_option,     // Connection naming a framing field (Content-Length, Host, ...)
  expectation_failed,        // Expect other than 100-continue: 417
  // body (RFC 9112 §7.1)
  bad_chunk_size,
  bad_chunk_extension,
  bad_chunk_terminator,  // chunk data not followed by CRLF
  bad_trailer,
  body_too_large,        // 413
  // time
  header_timeout,        // 408
};

struct error_info {
  int status;
  std::string_view code;     // the enumerator name
  std::string_view message;  // one short sentence for humans
};

error_info describe(http_error error) noexcept;

}  // namespace portico::gateway::http
