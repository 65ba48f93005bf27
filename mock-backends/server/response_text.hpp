#pragma once
// Building HTTP/1.1 response bytes by hand: the mock writes whole responses with one send, and
// preformats the ones that never change. Pure functions.
#include <string>
#include <string_view>

namespace portico::mock {

// Appends "HTTP/1.1 <status> <reason>\r\n" + extra_headers (each line ending "\r\n") +
// Content-Length (+ Connection: close) + "\r\n" + body. Returns the offset of the body in out.
std::size_t append_response(std::string& out, int status, std::string_view extra_headers, std::string_view body,
                            bool close);

// A small JSON error response: {"error": message}.
std::string error_response(int status, std::string_view message, std::string_view extra_headers, bool close);

}  // namespace portico::mock
