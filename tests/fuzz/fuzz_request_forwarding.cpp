// Feeds arbitrary bytes to the gateway's request parser as a client would send them. A request it
// accepts is re-written for the upstream exactly as the proxy does, and that head must parse again,
// strictly, to the same method, target and body framing: whatever the client sent, the backend
// never receives something it could read differently (request smuggling). A chunked body is then
// run through the chunked decoder. Invariant violations trap, so the fuzzer reports them.
#include "gateway/http/chunked_decoder.hpp"
#include "gateway/http/forward_head.hpp"
#include "gateway/http/message_head.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace http = portico::gateway::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const http::parse_limits limits;
  auto request = std::make_unique<http::request_head>();  // 4 KiB of fields: not on the stack
  const auto parsed = http::parse_request(input, limits, *request);
  if (parsed.state != http::parse_state::complete) return 0;
  if (request->head_bytes == 0 || request->head_bytes > input.size()) __builtin_trap();

  std::string forwarded;
  const http::header_pairs extra{{"X-Portico-Test", "1"}};
  http::write_upstream_request_head(*request, {.path = request->path, .query = request->query, .client_ip = "127.0.0.1",
                                               .request_id = "fuzz-1", .extra = &extra, .authority = "127.0.0.1:8080"},
                                    forwarded);
  // The proxy adds a few fields (Via, X-Forwarded-*, Forwarded, X-Request-Id): allow room for them.
  http::parse_limits upstream_limits = limits;
  upstream_limits.max_header_bytes += 4096;
  upstream_limits.max_fields += 16;
  auto again = std::make_unique<http::request_head>();
  const auto reparsed = http::parse_request(forwarded, upstream_limits, *again);
  // (This found that an HTTP/1.0 request without Host went upstream as HTTP/1.1 with an empty
  // Host; such requests now carry the upstream's authority.)
  if (reparsed.state != http::parse_state::complete) __builtin_trap();
  if (again->head_bytes != forwarded.size()) __builtin_trap();
  if (again->method != request->method) __builtin_trap();
  if (again->path != request->path || again->query != request->query) __builtin_trap();
  const bool had_body = request->framing == http::body_framing::chunked ||
                        (request->framing == http::body_framing::content_length && request->content_length > 0);
  const bool has_body = again->framing == http::body_framing::chunked ||
                        (again->framing == http::body_framing::content_length && again->content_length > 0);
  if (had_body != has_body) __builtin_trap();
  if (request->framing == http::body_framing::content_length && again->content_length != request->content_length) __builtin_trap();

  if (request->framing == http::body_framing::chunked) {
    http::chunked_decoder decoder(limits.max_body_bytes);
    std::string_view rest = input.substr(request->head_bytes);
    while (!rest.empty()) {
      const auto step = decoder.next(rest);
      if (step.consumed > rest.size()) __builtin_trap();
      if (step.kind == http::chunk_step::failed || step.kind == http::chunk_step::done) break;
      if (step.consumed == 0) break;  // need_more with nothing consumed: the rest is a partial line
      rest.remove_prefix(step.consumed);
    }
  }
  return 0;
}
