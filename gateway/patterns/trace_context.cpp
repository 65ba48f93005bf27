#include "gateway/patterns/trace_context.hpp"

#include <random>
#include <thread>

namespace portico::gateway::patterns {

namespace {

bool lower_hex(std::string_view s) noexcept {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}
bool all_zero(std::string_view s) noexcept { return s.find_first_not_of('0') == std::string_view::npos; }
int hex_value(char c) noexcept { return c <= '9' ? c - '0' : c - 'a' + 10; }

bool key_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '*' || c == '/';
}
bool lcalpha(char c) noexcept { return c >= 'a' && c <= 'z'; }

bool valid_key(std::string_view key) noexcept {
  const auto at = key.find('@');
  auto chars_ok = [](std::string_view s) {
    for (char c : s)
      if (!key_char(c)) return false;
    return true;
  };
  if (at == std::string_view::npos) return !key.empty() && key.size() <= 256 && lcalpha(key[0]) && chars_ok(key);
  const auto tenant = key.substr(0, at), system = key.substr(at + 1);
  const bool tenant_ok = !tenant.empty() && tenant.size() <= 241 && (lcalpha(tenant[0]) || (tenant[0] >= '0' && tenant[0] <= '9')) &&
                         chars_ok(tenant);
  const bool system_ok = !system.empty() && system.size() <= 14 && lcalpha(system[0]) && chars_ok(system);
  return tenant_ok && system_ok;
}

bool valid_value(std::string_view value) noexcept {
  if (value.empty() || value.size() > 256 || value.back() == ' ') return false;
  for (char c : value)
    if (c < 0x20 || c > 0x7e || c == ',' || c == '=') return false;
  return true;
}

std::string_view trim_ows(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::mt19937_64& generator() {
  thread_local std::mt19937_64 g{std::random_device{}() ^ std::hash<std::thread::id>{}(std::this_thread::get_id())};
  return g;
}

std::string random_hex(std::size_t digits) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(digits, '0');
  do {
    for (std::size_t i = 0; i < digits; i += 16) {
      auto v = generator()();
      for (std::size_t j = i; j < digits && j < i + 16; ++j, v >>= 4) out[j] = hex[v & 15];
    }
  } while (all_zero(out));
  return out;
}

}  // namespace

std::optional<traceparent> parse_traceparent(std::string_view v) {
  if (v.size() < 55 || v[2] != '-' || v[35] != '-' || v[52] != '-') return std::nullopt;
  const auto version = v.substr(0, 2), trace_id = v.substr(3, 32), parent_id = v.substr(36, 16), flags = v.substr(53, 2);
  if (!lower_hex(version) || version == "ff") return std::nullopt;
  if (version == "00" && v.size() != 55) return std::nullopt;
  if (v.size() > 55 && v[55] != '-') return std::nullopt;  // a future version's extra fields follow a dash
  if (!lower_hex(trace_id) || all_zero(trace_id) || !lower_hex(parent_id) || all_zero(parent_id) || !lower_hex(flags))
    return std::nullopt;
  traceparent tp;
  tp.version = static_cast<std::uint8_t>(hex_value(version[0]) * 16 + hex_value(version[1]));
  tp.trace_id.assign(trace_id);
  tp.parent_id.assign(parent_id);
  tp.flags = static_cast<std::uint8_t>(hex_value(flags[0]) * 16 + hex_value(flags[1]));
  return tp;
}

std::string format_traceparent(std::string_view trace_id, std::string_view span_id, bool sampled) {
  std::string out;
  out.reserve(55);
  out.append("00-").append(trace_id).append("-").append(span_id).append(sampled ? "-01" : "-00");
  return out;
}

std::optional<tracestate> parse_tracestate(std::string_view value) {
  tracestate members;
  while (true) {
    const auto comma = value.find(',');
    const auto member = trim_ows(value.substr(0, comma));
    if (!member.empty()) {
      const auto eq = member.find('=');
      if (eq == std::string_view::npos) return std::nullopt;
      const auto key = member.substr(0, eq), val = member.substr(eq + 1);
      if (!valid_key(key) || !valid_value(val)) return std::nullopt;
      for (const auto& m : members)
        if (m.first == key) return std::nullopt;
      if (members.size() == 32) return std::nullopt;
      members.emplace_back(std::string(key), std::string(val));
    }
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return members;
}

std::string format_tracestate(const tracestate& members, std::size_t max_chars) {
  auto size_of = [](const tracestate& m) {
    std::size_t n = 0;
    for (const auto& [k, v] : m) n += k.size() + 1 + v.size() + 1;
    return n == 0 ? 0 : n - 1;
  };
  tracestate kept = members;
  if (size_of(kept) > max_chars) {
    std::erase_if(kept, [](const auto& m) { return m.first.size() + 1 + m.second.size() > 128; });
    while (!kept.empty() && size_of(kept) > max_chars) kept.pop_back();
  }
  std::string out;
  for (const auto& [k, v] : kept) {
    if (!out.empty()) out.push_back(',');
    out.append(k).append("=").append(v);
  }
  return out;
}

void upsert_tracestate(tracestate& members, std::string key, std::string value) {
  std::erase_if(members, [&](const auto& m) { return m.first == key; });
  members.insert(members.begin(), {std::move(key), std::move(value)});
  if (members.size() > 32) members.resize(32);
}

std::string new_trace_id() { return random_hex(32); }
std::string new_span_id() { return random_hex(16); }
double trace_random() { return static_cast<double>(generator()() >> 11) * 0x1.0p-53; }

}  // namespace portico::gateway::patterns
