#include "gateway/router/router.hpp"

#include "gateway/router/path_template.hpp"

#include <regex>
#include <stdexcept>

namespace portico::gateway {

namespace {

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// "example.com:8080" -> "example.com"; "[::1]:80" -> "[::1]".
std::string_view strip_port(std::string_view host) noexcept {
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(0, close + 1);
  }
  const auto colon = host.rfind(':');
  return colon == std::string_view::npos ? host : host.substr(0, colon);
}

constexpr std::string_view group_names[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

}  // namespace

struct router::compiled_route {
  std::vector<std::string> methods;
  std::string host;        // lower-case; "" = any
  bool host_wildcard = false;  // host holds ".example.com"
  std::optional<std::string> path;
  std::optional<std::string> prefix;
  std::optional<path_template> templ;
  std::optional<std::regex> regex;
  std::vector<std::pair<std::string, std::string>> headers, query;
  std::uint64_t total_weight = 0;

  bool host_matches(std::string_view request_host) const noexcept {
    if (host.empty()) return true;
    const auto h = strip_port(request_host);
    if (!host_wildcard) return iequals(h, host);
    return h.size() > host.size() && iequals(h.substr(h.size() - host.size()), host);
  }

  bool match(const route_request& r, path_captures& captures) const {
    if (!methods.empty()) {
      bool any = false;
      for (const auto& m : methods) any = any || m == r.method;
      if (!any) return false;
    }
    if (!host_matches(r.host)) return false;
    if (path && r.path != *path) return false;
    if (prefix && !r.path.starts_with(*prefix)) return false;
    if (templ && !templ->match(r.path, captures)) return false;
    if (regex) {
      std::match_results<const char*> m;
      if (!std::regex_match(r.path.data(), r.path.data() + r.path.size(), m, *regex)) return false;
      for (std::size_t g = 1; g < m.size() && g < std::size(group_names); ++g)
        if (m[g].matched) captures.add(group_names[g], std::string_view(m[g].first, static_cast<std::size_t>(m[g].length())));
    }
    for (const auto& [name, want] : headers) {
      const auto have = r.header(name);
      if (want == "*" ? have.empty() : have != want) return false;
    }
    for (const auto& [name, want] : query) {
      std::string_view have;
      if (!find_query_param(r.query, name, have)) return false;
      if (want != "*" && have != want) return false;
    }
    return true;
  }
};

router::router(const core::listener_config& listener) : configs_(listener.routes) {
  for (std::size_t i = 0; i < configs_.size(); ++i) {
    const auto& m = configs_[i].match;
    auto c = std::make_unique<compiled_route>();
    c->methods = m.methods;
    for (char ch : m.host) c->host.push_back(lower(ch));
    if (c->host.starts_with("*.")) {
      c->host.erase(0, 1);
      c->host_wildcard = true;
    }
    if (!m.path.empty()) {
      if (m.path.find('{') != std::string::npos) c->templ.emplace(m.path);  // loader normally moves these
      else c->path = m.path;
    }
    if (!m.path_prefix.empty()) c->prefix = m.path_prefix;
    if (!m.path_template.empty()) c->templ.emplace(m.path_template);
    if (!m.path_regex.empty()) {
      try {
        c->regex.emplace(m.path_regex, std::regex::ECMAScript | std::regex::optimize);
      } catch (const std::regex_error& e) {
        throw std::invalid_argument("route " + std::to_string(i) + ": bad path_regex: " + e.what());
      }
    }
    c->headers.assign(m.headers.begin(), m.headers.end());
    c->query.assign(m.query.begin(), m.query.end());
    for (const auto& b : configs_[i].backends)
      if (b.weight > 0) c->total_weight += static_cast<std::uint64_t>(b.weight);
    routes_.push_back(std::move(c));
  }
}

router::~router() = default;
router::router(router&&) noexcept = default;
router& router::operator=(router&&) noexcept = default;

std::optional<route_match> router::match(const route_request& request) const {
  route_match result;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    result.captures.clear();
    if (routes_[i]->match(request, result.captures)) {
      result.route_index = i;
      return result;
    }
  }
  return std::nullopt;
}

std::size_t router::size() const noexcept { return routes_.size(); }

const core::route_config& router::route(std::size_t index) const { return configs_.at(index); }

std::size_t router::pick_backend(std::size_t index, std::uint64_t random) const noexcept {
  const auto& backends = configs_[index].backends;
  const auto total = routes_[index]->total_weight;
  if (backends.empty()) return 0;
  if (total == 0) return static_cast<std::size_t>(random % backends.size());
  // Multiply-shift maps the full 64-bit range onto [0, total) without modulo bias worth noting.
  __extension__ using u128 = unsigned __int128;
  auto point = static_cast<std::uint64_t>((static_cast<u128>(random) * total) >> 64);
  for (std::size_t b = 0; b < backends.size(); ++b) {
    if (backends[b].weight <= 0) continue;
    const auto w = static_cast<std::uint64_t>(backends[b].weight);
    if (point < w) return b;
    point -= w;
  }
  return backends.size() - 1;  // unreachable
}

std::string router::rewrite_path(const route_match& match, std::string_view request_path) const {
  const auto& rw = configs_[match.route_index].rewrite;
  std::string out;
  if (!rw.path.empty()) {
    out = expand_captures(rw.path, match.captures);
  } else {
    auto p = request_path;
    if (!rw.strip_prefix.empty() && p.starts_with(rw.strip_prefix)) p.remove_prefix(rw.strip_prefix.size());
    out.reserve(rw.add_prefix.size() + p.size() + 1);
    out.append(rw.add_prefix);
    // Avoid "//" at the join and keep a leading '/' ("/api" stripped from "/api/x" gives "/x").
    if (!out.empty() && out.back() == '/' && !p.empty() && p.front() == '/') p.remove_prefix(1);
    if (!p.empty() && p.front() != '/' && (out.empty() || out.back() != '/')) out.push_back('/');
    out.append(p);
  }
  if (out.empty() || out.front() != '/') out.insert(out.begin(), '/');
  return out;
}

std::string not_found_body(std::string_view method, std::string_view path) {
  const auto escape = [](std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    for (char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if (c == '"' || c == '\\') {
        out.push_back('\\');
        out.push_back(ch);
      } else if (c < 0x20 || c >= 0x7f) {
        // Bytes >= 0x80 too: a raw target need not be valid UTF-8, and the body must stay valid JSON.
        out.append("\\u00");
        out.push_back(hex[c >> 4]);
        out.push_back(hex[c & 15]);
      } else {
        out.push_back(ch);
      }
    }
  };
  std::string body = R"({"error":"no_route","message":"no route matches )";
  escape(body, method);
  body.push_back(' ');
  escape(body, path);
  body += R"(","method":")";
  escape(body, method);
  body += R"(","path":")";
  escape(body, path);
  body += "\"}";
  return body;
}

}  // namespace portico::gateway
