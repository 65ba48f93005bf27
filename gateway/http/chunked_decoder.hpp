#pragma once
// Incremental, zero-copy decoder of the chunked transfer coding (RFC 9112 §7.1), used for request
// and response bodies alike. Strict: chunk-size is 1*HEXDIG (at most 15 digits, no sign, no
// "0x", no leading whitespace), BWS only before ';', extensions are `;name[=token|quoted]`,
// chunk data must be followed by exactly CRLF, trailer lines follow the field syntax. Trailer
// fields are validated and dropped (never forwarded: RFC 9110 §6.5 lets a proxy discard them).
//
//   chunked_decoder d(max_body);
//   auto step = d.next(input);       // input: bytes received and not yet consumed
//   input.remove_prefix(step.consumed);
//   if (step.kind == chunk_step::bytes) forward(step.data);   // a view into input
//
// Not thread-safe; one per message.
#include "gateway/http/http_error.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace portico::gateway::http {

struct chunk_step {
  enum kind_t : std::uint8_t { need_more, bytes, done, failed } kind = need_more;
  std::string_view data;     // for `bytes`: chunk bytes (part of one chunk)
  std::size_t consumed = 0;  // bytes of the input used by this step (framing and data)
  http_error error_code = http_error::none;
};

class chunked_decoder {
 public:
  explicit chunked_decoder(std::uint64_t max_body_bytes, std::size_t max_line_bytes = 4096) noexcept
      : max_body_(max_body_bytes), max_line_(max_line_bytes) {}

  // One step over `input`; need_more means every byte consumed so far was framing and more input
  // is required (consumed may be > 0).
  chunk_step next(std::string_view input) noexcept;
  bool done() const noexcept { return state_ == state::finished; }
  std::uint64_t body_bytes() const noexcept { return total_; }

 private:
  enum class state : std::uint8_t { size_line, data, data_cr, data_lf, trailer, finished, failed };
  chunk_step fail(http_error e, std::size_t consumed) noexcept;
  http_error check_size_line(std::string_view line) noexcept;

  std::uint64_t max_body_;
  std::size_t max_line_;
  state state_ = state::size_line;
  std::uint64_t remaining_ = 0;  // of the current chunk
  std::uint64_t total_ = 0;
  std::size_t trailer_bytes_ = 0;
};

}  // namespace portico::gateway::http
