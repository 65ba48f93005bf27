#pragma once
// The inside of a JSON string literal: `"` and `\` escaped, control characters and DEL as
// \u00XX (text from requests is attacker-shaped: never raw control bytes in a log or document);
// bytes >= 0x80 are copied as they are (UTF-8 passes through). One copy for every JSON writer
// that does not build a DOM (access log, span export, mock bodies).
#include <string>
#include <string_view>

namespace portico::core {

inline void append_json_escaped(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::size_t plain = 0;  // start of the run not copied yet
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f) continue;
    out.append(text.data() + plain, i - plain);
    plain = i + 1;
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else {
      out.append("\\u00");
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  out.append(text.data() + plain, text.size() - plain);
}

}  // namespace portico::core
