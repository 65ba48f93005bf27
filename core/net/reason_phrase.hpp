#pragma once
// The reason phrase written after the status code, for the gateway's own answers and the mock's.
// HTTP/1.1 clients ignore it (RFC 9112 §4); it is for people reading raw responses.
#include <string_view>

namespace portico::net {

// The RFC 9110 phrase for the codes Portico writes; for others a phrase naming the class.
std::string_view reason_phrase(int status) noexcept;

}  // namespace portico::net
