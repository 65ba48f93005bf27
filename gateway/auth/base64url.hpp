#pragma once
// base64url (RFC 4648 §5) as JWS compact serialisation requires it (RFC 7515 §2): no padding, no
// line breaks, and only the canonical encoding (the unused low bits of the last character must be
// zero), so one token has exactly one spelling. Pure; thread-safe.
#include <optional>
#include <string>
#include <string_view>

namespace portico::gateway {

// nullopt for '=', '+', '/', whitespace, any other character, an impossible length (4n+1) or
// non-zero trailing bits.
std::optional<std::string> base64url_decode(std::string_view text);
std::string base64url_encode(std::string_view bytes);

// Standard base64 with padding (RFC 4648 §4), for HTTP Basic credentials.
std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);

}  // namespace portico::gateway
