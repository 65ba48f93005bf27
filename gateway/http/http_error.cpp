#include "gateway/http/http_error.hpp"

namespace portico::gateway::http {

error_info describe(http_error error) noexcept {
  using e = http_error;
  switch (error) {
    case e::none: return {200, "none", "ok"};
    case e::bad_request_line: return {400, "bad_request_line", "malformed request line"};
    case e::bad_method: return {400, "bad_method", "method is not a token"};
    case e::bad_target: return {400, "bad_target", "invalid request target"};
    case e::bad_version: return {400, "bad_version", "invalid HTTP version"};
    case e::version_not_supported: return {505, "version_not_supported", "only HTTP/1.0 and HTTP/1.1 are served"};
    case e::request_line_too_long: return {414, "request_line_too_long", "request line too long"};
    case e::method_not_supported: return {501, "method_not_supported", "CONNECT is not supported"};
    case e::bad_field_name: return {400, "bad_field_name", "invalid header field name"};
    case e::bad_field_value: return {400, "bad_field_value", "control character in a header field value"};
    case e::obs_fold: return {400, "obs_fold", "obsolete line folding is not accepted"};
    case e::bare_cr: return {400, "bare_cr", "CR not followed by LF"};
    case e::bare_lf: return {400, "bare_lf", "line ending without CR"};
    case e::header_too_large: return {431, "header_too_large", "request header section too large"};
    case e::too_many_fields: return {431, "too_many_fields", "too many header fields"};
    case e::missing_host: return {400, "missing_host", "HTTP/1.1 request without Host"};
    case e::duplicate_host: return {400, "duplicate_host", "more than one Host field"};
    case e::bad_host: return {400, "bad_host", "invalid Host field"};
    case e::bad_content_length: return {400, "bad_content_length", "invalid Content-Length"};
    case e::duplicate_content_length: return {400, "duplicate_content_length", "more than one Content-Length"};
    case e::content_length_with_transfer_encoding:
      return {400, "content_length_with_transfer_encoding", "both Content-Length and Transfer-Encoding"};
    case e::transfer_encoding_http10: return {400, "transfer_encoding_http10", "Transfer-Encoding in HTTP/1.0"};
    case e::bad_transfer_encoding: return {400, "bad_transfer_encoding", "invalid Transfer-Encoding"};
    case e::unknown_transfer_coding: return {501, "unknown_transfer_coding", "unsupported transfer coding"};
    case e::bad_connection_option: return {400, "bad_connection_option", "Connection names a framing field"};
    case e::expectation_failed: return {417, "expectation_failed", "only Expect: 100-continue is supported"};
    case e::bad_chunk_size: return {400, "bad_chunk_size", "invalid chunk size"};
    case e::bad_chunk_extension: return {400, "bad_chunk_extension", "invalid chunk extension"};
    case e::bad_chunk_terminator: return {400, "bad_chunk_terminator", "chunk data not followed by CRLF"};
    case e::bad_trailer: return {400, "bad_trailer", "invalid trailer section"};
    case e::body_too_large: return {413, "body_too_large", "request body too large"};
    case e::header_timeout: return {408, "header_timeout", "request header not received in time"};
  }
  return {400, "bad_request", "bad request"};
}

}  // namespace portico::gateway::http
