#pragma once
// Streaming gzip (RFC 1952) for response compression offload (route_config::compress): feed body
// bytes as they arrive, append compressed bytes to a caller buffer; bounded memory (zlib's
// window, ~256 KiB per stream at level 6), no whole-body buffering. Plus the negotiation rules:
// whether the client accepts gzip and whether a response is worth compressing.
// Not thread-safe; one per response.
#include <memory>
#include <string>
#include <string_view>

namespace portico::gateway::http {

class gzip_encoder {
 public:
  explicit gzip_encoder(int level = 6);
  ~gzip_encoder();
  gzip_encoder(const gzip_encoder&) = delete;
  gzip_encoder& operator=(const gzip_encoder&) = delete;

  void write(std::string_view data, std::string& out);
  void finish(std::string& out);  // writes the trailer; the encoder is done after this

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// Accept-Encoding lists gzip (or *) with a non-zero q-value.
bool accepts_gzip(std::string_view accept_encoding) noexcept;
// text/*, JSON, JavaScript, XML, SVG: worth compressing. Images, archives, video are not.
bool compressible_type(std::string_view content_type) noexcept;

}  // namespace portico::gateway::http
