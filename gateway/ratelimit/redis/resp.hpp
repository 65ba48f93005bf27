#pragma once
// RESP2, the Redis wire protocol: encoding commands (arrays of bulk strings) and parsing replies
// incrementally from a byte buffer, with limits on sizes and nesting. Pure, no I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::gateway::redis {

struct reply {
  enum class kind { simple, error, integer, bulk, nil, array };
  kind type = kind::nil;
  std::string text;           // simple, error, bulk
  std::int64_t integer = 0;   // integer
  std::vector<reply> elements;  // array
};

// Appends "*N\r\n$len\r\narg\r\n..." to out.
void encode_command(const std::vector<std::string>& args, std::string& out);

struct parse_limits {
  std::size_t max_bulk = 1 << 20;
  std::size_t max_elements = 4096;
  int max_depth = 4;
};

struct parse_result {
  enum class status { complete, incomplete, invalid };
  status state = status::incomplete;
  std::size_t consumed = 0;  // complete: bytes used by the reply
  reply value;
};

// Parses one reply from the front of `buffer`.
parse_result parse_reply(std::string_view buffer, const parse_limits& limits = {});

}  // namespace portico::gateway::redis
