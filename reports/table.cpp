#include "reports/table.hpp"

#include <algorithm>

namespace portico::reports {

std::size_t display_width(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // skip UTF-8 continuation bytes
  }));
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

bool is_numeric(const table& t, std::size_t column) { return column < t.numeric.size() && t.numeric[column]; }

std::string pad(const std::string& cell, std::size_t width, bool right) {
  const std::size_t w = display_width(cell);
  const std::string fill(width > w ? width - w : 0, ' ');
  return right ? fill + cell : cell + fill;
}

std::string markdown_cell(const std::string& cell) {
  std::string out;
  for (char c : cell) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

}  // namespace

std::string table::render_text(std::string_view indent) const {
  std::vector<std::size_t> widths(header.size(), 0);
  for (std::size_t c = 0; c < header.size(); ++c) widths[c] = display_width(header[c]);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], display_width(row[c]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out(indent);
    for (std::size_t c = 0; c < widths.size(); ++c) {
      const std::string cell = c < cells.size() ? cells[c] : "";
      out += pad(cell, widths[c], is_numeric(*this, c));
      if (c + 1 < widths.size()) out += "  ";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(header);
  std::string rule(indent);
  for (std::size_t c = 0; c < widths.size(); ++c) rule += std::string(widths[c], '-') + (c + 1 < widths.size() ? "  " : "");
  out += rule + "\n";
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string table::render_markdown() const {
  std::string out = "|";
  for (const auto& h : header) out += " " + markdown_cell(h) + " |";
  out += "\n|";
  for (std::size_t c = 0; c < header.size(); ++c) out += is_numeric(*this, c) ? " ---: |" : " --- |";
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (std::size_t c = 0; c < header.size(); ++c) out += " " + markdown_cell(c < row.size() ? row[c] : "") + " |";
    out += "\n";
  }
  return out;
}

std::string table::render_html(const std::vector<std::string>& row_classes) const {
  std::string out = "<table><thead><tr>";
  for (std::size_t c = 0; c < header.size(); ++c) {
    out += is_numeric(*this, c) ? "<th class=\"num\">" : "<th>";
    out += html_escape(header[c]) + "</th>";
  }
  out += "</tr></thead><tbody>\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    out += r < row_classes.size() && !row_classes[r].empty() ? "<tr class=\"" + html_escape(row_classes[r]) + "\">" : "<tr>";
    for (std::size_t c = 0; c < header.size(); ++c) {
      out += is_numeric(*this, c) ? "<td class=\"num\">" : "<td>";
      out += html_escape(c < rows[r].size() ? rows[r][c] : "") + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table>\n";
}

}  // namespace portico::reports
