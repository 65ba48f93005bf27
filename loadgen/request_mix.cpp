#include "loadgen/request_mix.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>

namespace portico::loadgen {

void feeder::append(rng& random, std::string& out) {
  switch (type) {
    case kind::literal: out += text; return;
    case kind::integer: {
      const auto span = static_cast<std::uint64_t>(high - low) + 1;
      const auto value = low + static_cast<std::int64_t>(span == 0 ? random.next() : random.below(span));
      char digits[24];
      const auto r = std::to_chars(digits, digits + sizeof digits, value);
      out.append(digits, r.ptr);
      return;
    }
    case kind::pick: out += (*values)[random.below(values->size())]; return;
    case kind::cycle: out += (*values)[position++ % values->size()]; return;
  }
}

bool pattern::is_literal() const {
  return std::all_of(parts.begin(), parts.end(), [](const feeder& f) { return f.type == feeder::kind::literal; });
}

void pattern::append(rng& random, std::string& out) {
  for (auto& part : parts) part.append(random, out);
}

namespace {

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto comma = text.find(',', start);
    out.emplace_back(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

std::optional<std::vector<std::string>> read_lines(const std::string& path, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = "cannot read feeder file '" + path + "'";
    return std::nullopt;
  }
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(std::move(line));
  }
  if (lines.empty()) {
    *error = "feeder file '" + path + "' has no lines";
    return std::nullopt;
  }
  return lines;
}

// The placeholder "{kind:args}" without braces; nullopt + error when kind is known but args are
// bad; a feeder of kind literal when kind is unknown (the caller keeps the text).
std::optional<feeder> parse_placeholder(std::string_view inner, std::string* error) {
  const auto colon = inner.find(':');
  feeder f;
  if (colon == std::string_view::npos) return f;
  const auto kind = inner.substr(0, colon);
  const auto args = inner.substr(colon + 1);
  if (kind == "int") {
    const auto dots = args.find("..");
    std::int64_t low = 0, high = 0;
    const bool ok = dots != std::string_view::npos &&
                    std::from_chars(args.data(), args.data() + dots, low).ptr == args.data() + dots &&
                    std::from_chars(args.data() + dots + 2, args.data() + args.size(), high).ptr ==
                        args.data() + args.size() &&
                    low <= high;
    if (!ok) {
      *error = "bad integer range '{" + std::string(inner) + "}' (want {int:LO..HI} with LO <= HI)";
      return std::nullopt;
    }
    f.type = feeder::kind::integer;
    f.low = low;
    f.high = high;
    return f;
  }
  if (kind == "pick" || kind == "cycle" || kind == "file" || kind == "file_cycle") {
    std::vector<std::string> values;
    if (kind == "pick" || kind == "cycle") {
      values = split_list(args);
    } else {
      auto lines = read_lines(std::string(args), error);
      if (!lines) return std::nullopt;
      values = std::move(*lines);
    }
    f.type = (kind == "pick" || kind == "file") ? feeder::kind::pick : feeder::kind::cycle;
    f.values = std::make_shared<const std::vector<std::string>>(std::move(values));
    return f;
  }
  return f;
}

void append_literal(pattern& p, std::string_view text) {
  if (text.empty()) return;
  if (p.parts.empty() || p.parts.back().type != feeder::kind::literal) p.parts.emplace_back();
  p.parts.back().text += text;
}

}  // namespace

std::optional<pattern> parse_pattern(std::string_view text, std::string* error) {
  pattern p;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto open = text.find('{', i);
    const auto close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) {
      append_literal(p, text.substr(i));
      break;
    }
    append_literal(p, text.substr(i, open - i));
    auto f = parse_placeholder(text.substr(open + 1, close - open - 1), error);
    if (!f) return std::nullopt;
    if (f->type == feeder::kind::literal) {
      append_literal(p, "{");  // not a placeholder: keep the brace and rescan after it
      i = open + 1;
      continue;
    }
    p.parts.push_back(std::move(*f));
    i = close + 1;
  }
  return p;
}

std::optional<request_mix> request_mix::compile(const std::vector<core::request_template>& templates,
                                                const std::string& host_header, std::string* error) {
  std::vector<core::request_template> list = templates;
  if (list.empty()) list.emplace_back();
  request_mix mix;
  mix.host_ = host_header;
  std::uint64_t total = 0;
  for (const auto& t : list) {
    compiled_template c;
    c.name = t.name.empty() ? t.method + " " + t.path : t.name;
    if (t.weight <= 0) {
      *error = "request '" + c.name + "': weight must be > 0";
      return std::nullopt;
    }
    c.weight = static_cast<std::uint32_t>(t.weight);
    c.is_head = t.method == "HEAD";
    std::string why;
    auto fail = [&](const char* field) {
      *error = "request '" + c.name + "': " + field + ": " + why;
      return std::nullopt;
    };
    auto method = parse_pattern(t.method, &why);
    if (!method) return fail("method");
    auto path = parse_pattern(t.path, &why);
    if (!path) return fail("path");
    auto body = parse_pattern(t.body, &why);
    if (!body) return fail("body");
    c.method = std::move(*method);
    c.path = std::move(*path);
    c.body = std::move(*body);
    bool literal = c.method.is_literal() && c.path.is_literal() && c.body.is_literal();
    for (const auto& [name, value] : t.headers) {
      auto n = parse_pattern(name, &why);
      if (!n) return fail("header name");
      auto v = parse_pattern(value, &why);
      if (!v) return fail("header value");
      literal = literal && n->is_literal() && v->is_literal();
      c.headers.emplace_back(std::move(*n), std::move(*v));
    }
    total += c.weight;
    mix.cumulative_.push_back(total);
    mix.templates_.push_back(std::move(c));
    if (literal) {
      rng unused{0};
      std::string fixed;
      mix.render(mix.templates_.size() - 1, unused, fixed);
      mix.templates_.back().fixed = std::move(fixed);
    }
  }
  return mix;
}

std::size_t request_mix::choose(rng& random) const {
  if (cumulative_.size() == 1) return 0;
  const auto x = random.below(cumulative_.back());
  return static_cast<std::size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), x) - cumulative_.begin());
}

void request_mix::render(std::size_t i, rng& random, std::string& out) {
  auto& t = templates_[i];
  if (!t.fixed.empty()) {
    out += t.fixed;
    return;
  }
  t.method.append(random, out);
  out += ' ';
  t.path.append(random, out);
  out += " HTTP/1.1\r\nHost: ";
  out += host_;
  out += "\r\n";
  bool has_length = false;
  for (auto& [name, value] : t.headers) {
    const auto before = out.size();
    name.append(random, out);
    std::string_view written(out.data() + before, out.size() - before);
    has_length = has_length || (written.size() == 14 && std::equal(written.begin(), written.end(), "content-length",
                                    [](char a, char b) { return (a | 0x20) == b; }));
    out += ": ";
    value.append(random, out);
    out += "\r\n";
  }
  std::string body;
  t.body.append(random, body);
  if (!body.empty() && !has_length) {
    out += "Content-Length: ";
    out += std::to_string(body.size());
    out += "\r\n";
  }
  out += "\r\n";
  out += body;
}

}  // namespace portico::loadgen
