#pragma once
// A plain table of already-formatted cells, rendered as aligned terminal text, a Markdown (GFM)
// table or an HTML <table>. The summary tables are built once (summary_tables.hpp) and every
// formatter lays them out, so the numbers cannot drift between formats.
#include <string>
#include <vector>

namespace portico::reports {

struct table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column: right-aligned; missing entries = left-aligned

  bool empty() const { return rows.empty(); }
  std::string render_text(std::string_view indent = "  ") const;
  std::string render_markdown() const;
  // Cells are HTML-escaped; `row_classes` (optional, per row) become <tr class="...">.
  std::string render_html(const std::vector<std::string>& row_classes = {}) const;
};

// Text length in terminal columns (counts UTF-8 code points, so "µs" is two columns).
std::size_t display_width(std::string_view s);
std::string html_escape(std::string_view s);

}  // namespace portico::reports
