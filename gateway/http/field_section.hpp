#pragma once
// Internal to gateway/http: the parts of head parsing shared by requests and responses.
#include "gateway/http/message_head.hpp"

namespace portico::gateway::http::detail {

// Where the head ends in `buffer` (index just past the empty line), or 0 when not yet received.
// Fails early on a bare LF anywhere in the received part, and on the size limits.
struct head_scan {
  std::size_t end = 0;
  http_error error = http_error::none;
};
head_scan scan_head(std::string_view buffer, std::size_t skip, const parse_limits& limits, bool request) noexcept;

// Parses the field lines in `section` (each line ending in CRLF, without the final empty line)
// into head.fields and the framing-related flags. Syntax and per-field rules only.
http_error parse_fields(std::string_view section, const parse_limits& limits, message_head& head,
                        std::size_t& host_count, std::string_view& host, bool& expect_continue,
                        bool& expect_other) noexcept;

// Transfer-Encoding list rules (RFC 9112 §6.1, §6.3): none for exactly "chunked" (case-insensitive,
// OWS allowed); bad_transfer_encoding for malformed lists or chunked not last / twice;
// unknown_transfer_coding when chunked is last but other codings precede it.
http_error check_transfer_encoding(std::string_view value) noexcept;

// Content-Length value: 1*DIGIT that fits in 63 bits.
bool parse_content_length(std::string_view value, std::uint64_t& out) noexcept;

}  // namespace portico::gateway::http::detail
