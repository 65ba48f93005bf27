#include "gateway/ratelimit/redis/resp.hpp"

#include <charconv>

namespace portico::gateway::redis {
namespace {

using status = parse_result::status;

struct parser {
  std::string_view in;
  std::size_t pos = 0;
  const parse_limits& limits;

  // Reads a CRLF-terminated line; nullopt if incomplete.
  std::optional<std::string_view> line() {
    const std::size_t end = in.find("\r\n", pos);
    if (end == std::string_view::npos) return std::nullopt;
    std::string_view l = in.substr(pos, end - pos);
    pos = end + 2;
    return l;
  }

  static bool to_int(std::string_view s, std::int64_t& v) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc{} && p == s.data() + s.size();
  }

  status parse(reply& r, int depth) {
    if (depth > limits.max_depth) return status::invalid;
    if (pos >= in.size()) return status::incomplete;
    const char type = in[pos++];
    auto l = line();
    if (!l) return status::incomplete;
    std::int64_t n = 0;
    switch (type) {
      case '+': r.type = reply::kind::simple; r.text = *l; return status::complete;
      case '-': r.type = reply::kind::error; r.text = *l; return status::complete;
      case ':':
        r.type = reply::kind::integer;
        return to_int(*l, r.integer) ? status::complete : status::invalid;
      case '$':
        if (!to_int(*l, n) || n < -1 || static_cast<std::uint64_t>(n + 1) > limits.max_bulk + 1) return status::invalid;
        if (n == -1) { r.type = reply::kind::nil; return status::complete; }
        if (in.size() - pos < static_cast<std::size_t>(n) + 2) return status::incomplete;
        if (in.substr(pos + static_cast<std::size_t>(n), 2) != "\r\n") return status::invalid;
        r.type = reply::kind::bulk;
        r.text = in.substr(pos, static_cast<std::size_t>(n));
        pos += static_cast<std::size_t>(n) + 2;
        return status::complete;
      case '*':
        if (!to_int(*l, n) || n < -1 || n > static_cast<std::int64_t>(limits.max_elements)) return status::invalid;
        if (n == -1) { r.type = reply::kind::nil; return status::complete; }
        r.type = reply::kind::array;
        r.elements.resize(static_cast<std::size_t>(n));
        for (auto& e : r.elements) {
          if (const status s = parse(e, depth + 1); s != status::complete) return s;
        }
        return status::complete;
      default:
        return status::invalid;
    }
  }
};

}  // namespace

void encode_command(const std::vector<std::string>& args, std::string& out) {
  out += '*';
  out += std::to_string(args.size());
  out += "\r\n";
  for (const std::string& a : args) {
    out += '$';
    out += std::to_string(a.size());
    out += "\r\n";
    out += a;
    out += "\r\n";
  }
}

parse_result parse_reply(std::string_view buffer, const parse_limits& limits) {
  parser p{buffer, 0, limits};
  parse_result r;
  r.state = p.parse(r.value, 0);
  if (r.state == status::complete) r.consumed = p.pos;
  return r;
}

}  // namespace portico::gateway::redis
