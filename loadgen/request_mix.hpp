#pragma once
// Request templates compiled once into literal pieces and feeder placeholders, then rendered per
// request into HTTP/1.1 request bytes. Placeholders (anything else in braces stays literal, so
// JSON bodies need no escaping):
//   {int:LO..HI}        uniform integer           {pick:a,b,c}   random choice
//   {cycle:a,b,c}       round robin               {file:PATH}    random line of a file
//   {file_cycle:PATH}   the file's lines in order
// A template without placeholders is rendered once and reused (the fast path).
// A request_mix is not thread-safe: each worker owns a copy (round robin is per worker), seeded
// per worker so that runs are reproducible.
#include "core/config/load_config.hpp"
#include "loadgen/schedule.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::loadgen {

struct feeder {
  enum class kind { literal, integer, pick, cycle };
  kind type = kind::literal;
  std::string text;                                // literal
  std::int64_t low = 0, high = 0;                  // integer
  std::shared_ptr<const std::vector<std::string>> values;  // pick / cycle (shared between copies)
  std::uint64_t position = 0;                      // cycle

  void append(rng& random, std::string& out);
};

// A string with placeholders: a sequence of feeders.
struct pattern {
  std::vector<feeder> parts;
  bool is_literal() const;
  void append(rng& random, std::string& out);
};

// Parses a pattern; on error returns nullopt and sets *error (e.g. "unknown file keys.txt").
std::optional<pattern> parse_pattern(std::string_view text, std::string* error);

struct compiled_template {
  std::string name;
  std::uint32_t weight = 1;
  bool is_head = false;
  pattern method, path, body;
  std::vector<std::pair<pattern, pattern>> headers;
  std::string fixed;  // the whole request when nothing varies, else ""
};

class request_mix {
 public:
  // host_header: the Host value ("127.0.0.1:8080"). Returns nullopt and sets *error on a bad
  // template (naming it). An empty list means one "GET /".
  static std::optional<request_mix> compile(const std::vector<core::request_template>& templates,
                                            const std::string& host_header, std::string* error);

  std::size_t size() const { return templates_.size(); }
  const compiled_template& at(std::size_t i) const { return templates_[i]; }
  // Weighted choice of a template index.
  std::size_t choose(rng& random) const;
  // Appends template i's request bytes to out.
  void render(std::size_t i, rng& random, std::string& out);

 private:
  std::vector<compiled_template> templates_;
  std::vector<std::uint64_t> cumulative_;  // prefix sums of weights
  std::string host_;
};

}  // namespace portico::loadgen
