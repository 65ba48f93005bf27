#include "gateway/patterns/call_template.hpp"

#include <boost/json/serialize.hpp>

#include <charconv>

namespace portico::gateway::patterns {

namespace json = boost::json;

namespace {

bool unreserved(unsigned char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

// Walks "a.b.0.c" from `v`; nullptr when a segment does not exist.
const json::value* walk(const json::value& v, std::string_view path) {
  const json::value* at = &v;
  while (!path.empty()) {
    const auto dot = path.find('.');
    const auto segment = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    if (const auto* o = at->if_object()) {
      const auto it = o->find(segment);
      if (it == o->end()) return nullptr;
      at = &it->value();
    } else if (const auto* a = at->if_array()) {
      std::size_t index = 0;
      const auto r = std::from_chars(segment.data(), segment.data() + segment.size(), index);
      if (r.ec != std::errc{} || r.ptr != segment.data() + segment.size() || index >= a->size()) return nullptr;
      at = &(*a)[index];
    } else {
      return nullptr;
    }
  }
  return at;
}

bool append_scalar(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::string: append_percent_encoded(out, v.get_string()); return true;
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: append_percent_encoded(out, json::serialize(v)); return true;
    case json::kind::bool_: out.append(v.get_bool() ? "true" : "false"); return true;
    default: return false;
  }
}

}  // namespace

void append_percent_encoded(std::string& out, std::string_view value) {
  static constexpr char hex[] = "0123456789ABCDEF";
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
}

expanded_template expand_call_template(std::string_view pattern, const path_captures& captures, const step_answers& steps) {
  expanded_template r;
  r.text.reserve(pattern.size() + 16);
  while (!pattern.empty()) {
    const auto open = pattern.find('{');
    const auto close = open == std::string_view::npos ? open : pattern.find('}', open);
    if (close == std::string_view::npos) {
      r.text.append(pattern);
      break;
    }
    r.text.append(pattern.substr(0, open));
    const auto name = pattern.substr(open + 1, close - open - 1);
    pattern.remove_prefix(close + 1);
    if (const auto* capture = captures.find(name)) {
      r.text.append(*capture);
      continue;
    }
    const auto dot = name.find('.');
    const auto step = steps.find(name.substr(0, dot));
    const json::value* v = nullptr;
    if (step != steps.end() && dot != std::string_view::npos) v = walk(step->second, name.substr(dot + 1));
    if (!v || !append_scalar(r.text, *v)) {
      r.unresolved.assign(name);
      return r;
    }
  }
  return r;
}

}  // namespace portico::gateway::patterns
