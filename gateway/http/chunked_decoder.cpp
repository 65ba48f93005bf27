#include "gateway/http/chunked_decoder.hpp"

#include "gateway/http/char_class.hpp"

namespace portico::gateway::http {

using namespace detail;

namespace {

constexpr std::size_t skip_bws(std::string_view s, std::size_t i) noexcept {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

// chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )
bool valid_extensions(std::string_view s) noexcept {
  std::size_t i = 0;
  while (true) {
    const std::size_t j = skip_bws(s, i);
    if (j == s.size()) return j == i;  // BWS is allowed only before ';' (and around '=')
    i = j;
    if (s[i] != ';') return false;
    i = skip_bws(s, i + 1);
    const std::size_t name_start = i;
    while (i < s.size() && is(s[i], tchar)) ++i;
    if (i == name_start) return false;
    i = skip_bws(s, i);
    if (i == s.size() || s[i] != '=') continue;
    i = skip_bws(s, i + 1);
    if (i < s.size() && s[i] == '"') {
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\') ++i;
        if (i >= s.size() || !is(s[i], value_char)) return false;
      }
      if (i == s.size()) return false;
      ++i;
    } else {
      const std::size_t value_start = i;
      while (i < s.size() && is(s[i], tchar)) ++i;
      if (i == value_start) return false;
    }
  }
}

bool valid_trailer_line(std::string_view line) noexcept {
  if (line.empty() || line.front() == ' ' || line.front() == '\t') return false;
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) return false;
  for (char c : line.substr(colon + 1))
    if (!is(c, value_char)) return false;
  return true;
}

}  // namespace

chunk_step chunked_decoder::fail(http_error e, std::size_t consumed) noexcept {
  state_ = state::failed;
  return {chunk_step::failed, {}, consumed, e};
}

http_error chunked_decoder::check_size_line(std::string_view line) noexcept {
  std::size_t i = 0;
  std::uint64_t size = 0;
  while (i < line.size() && is(line[i], hex_digit)) {
    if (i == 15) return http_error::bad_chunk_size;  // 16 hex digits could overflow our counters
    const char c = ascii_lower(line[i]);
    size = size * 16 + static_cast<std::uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
    ++i;
  }
  if (i == 0) return http_error::bad_chunk_size;
  if (i < line.size() && !(line[i] == ';' || line[i] == ' ' || line[i] == '\t')) return http_error::bad_chunk_size;
  if (!valid_extensions(line.substr(i))) return http_error::bad_chunk_extension;
  if (size > max_body_ - total_) return http_error::body_too_large;
  remaining_ = size;
  return http_error::none;
}

chunk_step chunked_decoder::next(std::string_view input) noexcept {
  std::size_t used = 0;
  while (true) {
    const std::string_view rest = input.substr(used);
    switch (state_) {
      case state::finished:
        return {chunk_step::done, {}, used};
      case state::failed:
        return {chunk_step::failed, {}, used, http_error::bad_chunk_size};
      case state::size_line:
      case state::trailer: {
        const auto lf = rest.find('\n');
        if (lf == std::string_view::npos) {
          if (rest.size() > max_line_) return fail(state_ == state::trailer ? http_error::bad_trailer : http_error::bad_chunk_size, used);
          if (rest.find('\r') != std::string_view::npos && rest.find('\r') + 1 < rest.size())
            return fail(http_error::bare_cr, used);
          return {chunk_step::need_more, {}, used};
        }
        if (lf == 0 || rest[lf - 1] != '\r') return fail(http_error::bare_lf, used);
        const auto line = rest.substr(0, lf - 1);
        if (line.find('\r') != std::string_view::npos) return fail(http_error::bare_cr, used);
        used += lf + 1;
        if (state_ == state::trailer) {
          if (line.empty()) {
            state_ = state::finished;
            return {chunk_step::done, {}, used};
          }
          trailer_bytes_ += lf + 1;
          if (trailer_bytes_ > 4 * max_line_ || !valid_trailer_line(line)) return fail(http_error::bad_trailer, used);
          continue;
        }
        if (auto e = check_size_line(line); e != http_error::none) return fail(e, used);
        state_ = remaining_ == 0 ? state::trailer : state::data;
        continue;
      }
      case state::data: {
        if (rest.empty()) return {chunk_step::need_more, {}, used};
        const std::size_t n = rest.size() < remaining_ ? rest.size() : static_cast<std::size_t>(remaining_);
        remaining_ -= n;
        total_ += n;
        if (remaining_ == 0) state_ = state::data_cr;
        return {chunk_step::bytes, rest.substr(0, n), used + n};
      }
      case state::data_cr:
        if (rest.empty()) return {chunk_step::need_more, {}, used};
        if (rest[0] != '\r') return fail(http_error::bad_chunk_terminator, used);
        ++used;
        state_ = state::data_lf;
        continue;
      case state::data_lf:
        if (rest.empty()) return {chunk_step::need_more, {}, used};
        if (rest[0] != '\n') return fail(http_error::bad_chunk_terminator, used);
        ++used;
        state_ = state::size_line;
        continue;
    }
  }
}

}  // namespace portico::gateway::http
