#pragma once
// A strict, incremental, allocation-free HTTP/1.1 response parser for the load generator's hot
// path (Beast's parser allocates per message and parses every header into fields we never read).
// It reads the status line, Content-Length, Transfer-Encoding: chunked and Connection, skips
// 1xx interim responses, and counts (does not keep) body bytes. A response head (and a chunk-size
// line) must be contiguous in the input: when one is incomplete, parse() consumes nothing up to
// it and the caller keeps those bytes for the next call. Heads are limited to max_head bytes.
// Not thread-safe; one per connection.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace portico::loadgen {

class response_parser {
 public:
  static constexpr std::size_t max_head = 16 * 1024;
  enum class state { need_more, done, error };
  struct outcome {
    state result;
    std::size_t consumed;
  };

  // Starts a new response. A response to HEAD has no body whatever its headers say.
  void reset(bool head_request = false) noexcept;
  outcome parse(const char* data, std::size_t size) noexcept;
  // The peer closed the connection: completes a read-until-close body; true when it did.
  bool finish_on_eof() noexcept;

  int status_code() const noexcept { return status_; }
  bool keep_alive() const noexcept { return keep_alive_; }
  std::string_view error() const noexcept { return error_; }
  // Bytes of the current response so far (head + body), for the response-size limit.
  std::uint64_t bytes() const noexcept { return bytes_; }

 private:
  enum class stage { head, body_length, chunk_size, chunk_data, chunk_crlf, trailers, body_until_close, complete };
  outcome fail(const char* why, std::size_t consumed) noexcept;
  outcome parse_head(const char* data, std::size_t size) noexcept;

  stage stage_ = stage::head;
  bool head_request_ = false;
  bool keep_alive_ = true;
  int status_ = 0;
  std::uint64_t remaining_ = 0;  // body_length / chunk_data
  std::uint64_t bytes_ = 0;
  const char* error_ = "";
};

}  // namespace portico::loadgen
