#pragma once
// Standard base64 (RFC 4648 alphabet, '=' padding), as HdrHistogram logs use it.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace portico::core {

std::string base64_encode(std::span<const std::uint8_t> bytes);
// Accepts padded or unpadded input; any other character (including whitespace) gives nullopt.
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

}  // namespace portico::core
