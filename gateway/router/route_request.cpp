#include "gateway/router/route_request.hpp"

namespace portico::gateway {

namespace {

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool find_query_param(std::string_view query, std::string_view name, std::string_view& value) noexcept {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = item.find('=');
    if (item.substr(0, eq) == name) {
      value = eq == std::string_view::npos ? std::string_view{} : item.substr(eq + 1);
      return true;
    }
  }
  return false;
}

bool find_cookie(std::string_view cookie_header, std::string_view name, std::string_view& value) noexcept {
  while (!cookie_header.empty()) {
    const auto semi = cookie_header.find(';');
    const auto item = trim(cookie_header.substr(0, semi));
    cookie_header = semi == std::string_view::npos ? std::string_view{} : cookie_header.substr(semi + 1);
    const auto eq = item.find('=');
    if (eq != std::string_view::npos && trim(item.substr(0, eq)) == name) {
      auto v = trim(item.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);  // RFC 6265 quoted
      value = v;
      return true;
    }
  }
  return false;
}

}  // namespace portico::gateway
