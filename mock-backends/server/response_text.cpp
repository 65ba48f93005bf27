#include "mock-backends/server/response_text.hpp"

#include "core/net/reason_phrase.hpp"
#include "mock-backends/behaviour/body_template.hpp"

#include <charconv>

namespace portico::mock {

std::size_t append_response(std::string& out, int status, std::string_view extra_headers, std::string_view body,
                            bool close) {
  char number[24];
  out += "HTTP/1.1 ";
  auto end = std::to_chars(number, number + sizeof number, status).ptr;
  out.append(number, end);
  out += ' ';
  out += net::reason_phrase(status);
  out += "\r\n";
  out += extra_headers;
  out += "Content-Length: ";
  end = std::to_chars(number, number + sizeof number, body.size()).ptr;
  out.append(number, end);
  out += "\r\n";
  if (close) out += "Connection: close\r\n";
  out += "\r\n";
  std::size_t body_offset = out.size();
  out += body;
  return body_offset;
}

std::string error_response(int status, std::string_view message, std::string_view extra_headers, bool close) {
  std::string body = "{\"error\":\"";
  append_json_escaped(body, message);
  body += "\"}";
  std::string headers = "Content-Type: application/json\r\n";
  headers += extra_headers;
  std::string out;
  append_response(out, status, headers, body, close);
  return out;
}

}  // namespace portico::mock
