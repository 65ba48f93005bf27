#pragma once
// JSON parsing whose doubles round-trip exactly. Boost.JSON 1.81's own number parser is not
// correctly rounded (about 1 in 3 random doubles comes back 1 ulp off), while its serializer
// writes the shortest round-trip form (Ryu); re-reading each number's text with std::from_chars
// makes write -> parse lossless. Integers stay int64/uint64 (never through double).
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace portico::core {

// nullopt on malformed input, with *error set to Boost.JSON's message and the byte offset.
std::optional<boost::json::value> parse_json_exact(std::string_view text, std::string* error = nullptr);

}  // namespace portico::core
