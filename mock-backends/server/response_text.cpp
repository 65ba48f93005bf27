#include "mock-backends/server/response_text.hpp"

#include "mock-backends/behaviour/body_template.hpp"

#include <charconv>

namespace portico::mock {

std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 426: return "Upgrade Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return status < 400 ? "OK" : "Error";
  }
}

std::size_t append_response(std::string& out, int status, std::string_view extra_headers, std::string_view body,
                            bool close) {
  char number[24];
  out += "HTTP/1.1 ";
  auto end = std::to_chars(number, number + sizeof number, status).ptr;
  out.append(number, end);
  out += ' ';
  out += reason_phrase(status);
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
