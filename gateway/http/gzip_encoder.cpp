#include "gateway/http/gzip_encoder.hpp"

#include "gateway/http/message_head.hpp"

#include <zlib.h>

#include <stdexcept>

namespace portico::gateway::http {

struct gzip_encoder::impl {
  z_stream stream{};
  bool finished = false;
};

gzip_encoder::gzip_encoder(int level) : impl_(std::make_unique<impl>()) {
  // windowBits 15 + 16: a gzip wrapper instead of zlib's; memLevel 8 is zlib's default.
  if (deflateInit2(&impl_->stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
}

gzip_encoder::~gzip_encoder() { deflateEnd(&impl_->stream); }

namespace {
void pump(z_stream& s, std::string& out, int flush) {
  char buffer[16384];
  do {
    s.next_out = reinterpret_cast<Bytef*>(buffer);
    s.avail_out = sizeof buffer;
    deflate(&s, flush);
    out.append(buffer, sizeof buffer - s.avail_out);
  } while (s.avail_out == 0);
}
}  // namespace

void gzip_encoder::write(std::string_view data, std::string& out) {
  if (impl_->finished || data.empty()) return;
  impl_->stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  impl_->stream.avail_in = static_cast<uInt>(data.size());
  // Z_SYNC_FLUSH per input piece: what arrived is sent (streaming responses are not delayed
  // until the window fills), at a small cost in ratio.
  pump(impl_->stream, out, Z_SYNC_FLUSH);
}

void gzip_encoder::finish(std::string& out) {
  if (impl_->finished) return;
  impl_->stream.next_in = nullptr;
  impl_->stream.avail_in = 0;
  pump(impl_->stream, out, Z_FINISH);
  impl_->finished = true;
}

bool accepts_gzip(std::string_view value) noexcept {
  while (!value.empty()) {
    const auto comma = value.find(',');
    auto item = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    const auto semicolon = item.find(';');
    auto coding = item.substr(0, semicolon);
    while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t')) coding.remove_suffix(1);
    if (!iequals(coding, "gzip") && coding != "*") continue;
    if (semicolon == std::string_view::npos) return true;
    const auto q = item.find("q=", semicolon);
    if (q == std::string_view::npos) return true;
    const auto qv = item.substr(q + 2);
    // q=0, q=0.0, q=0.00, q=0.000 mean "not acceptable"
    bool zero = !qv.empty() && qv[0] == '0';
    for (std::size_t i = 1; zero && i < qv.size(); ++i)
      if (qv[i] != '.' && qv[i] != '0' && qv[i] != ' ') zero = false;
    if (!zero) return true;
  }
  return false;
}

bool compressible_type(std::string_view type) noexcept {
  const auto semicolon = type.find(';');
  type = type.substr(0, semicolon);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  if (type.size() >= 5 && iequals(type.substr(0, 5), "text/")) return true;
  for (std::string_view t : {"application/json", "application/javascript", "application/xml", "image/svg+xml",
                             "application/problem+json"})
    if (iequals(type, t)) return true;
  return type.size() > 5 && (iequals(type.substr(type.size() - 5), "+json") || iequals(type.substr(type.size() - 4), "+xml"));
}

}  // namespace portico::gateway::http
