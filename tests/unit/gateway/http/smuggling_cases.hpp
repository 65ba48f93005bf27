#pragma once
// Malformed and smuggling-style requests with the answer RFC 9110/9112 require of a proxy, grouped
// by the rule they break. Shared by the parser unit test (gateway/http) and the loopback suite
// (tests/integration/gateway_smuggling_test.cpp), which also checks that nothing of a rejected
// head, and no complete message of a rejected body, reaches the backend.
#include <string>
#include <vector>

namespace portico::testing {

struct smuggling_case {
  const char* rule;   // RFC section
  const char* name;
  std::string raw;    // bytes the client sends
  int status;         // expected answer
  bool body_level;    // the head is valid; the body framing is not (the backend may see a prefix)
};

inline std::string with_host(const std::string& line, const std::string& fields = "") {
  return line + "\r\nHost: a.test\r\n" + fields + "\r\n";
}

inline const std::vector<smuggling_case>& smuggling_cases() {
  using namespace std::string_literals;
  static const std::vector<smuggling_case> cases = {
      // RFC 9112 §3: request line
      {"9112-3", "DoubleSpaceAfterMethod", with_host("GET  / HTTP/1.1"), 400, false},
      {"9112-3", "TrailingSpaceAfterVersion", with_host("GET / HTTP/1.1 "), 400, false},
      {"9112-3", "TabAsSeparator", with_host("GET\t/ HTTP/1.1"), 400, false},
      {"9112-3", "ControlByteInMethod", with_host("G\x01T / HTTP/1.1"), 400, false},
      {"9112-3", "NonTokenMethod", with_host("GE(T / HTTP/1.1"), 400, false},
      {"9112-3", "UnknownMinorVersion", with_host("GET / HTTP/1.2"), 400, false},
      {"9112-3", "Http2VersionOnHttp1", with_host("GET / HTTP/2.0"), 505, false},
      {"9112-3", "LowercaseVersion", with_host("GET / http/1.1"), 400, false},
      {"9112-3", "SpaceInsideTarget", with_host("GET /a b HTTP/1.1"), 400, false},
      {"9112-3", "FragmentInTarget", with_host("GET /a#frag HTTP/1.1"), 400, false},
      {"9112-3", "BadPercentEncoding", with_host("GET /%zz HTTP/1.1"), 400, false},
      {"9112-3", "NonAsciiInTarget", with_host("GET /\x80 HTTP/1.1"), 400, false},
      {"9112-3", "TargetNotOriginForm", with_host("GET example.com HTTP/1.1"), 400, false},
      {"9112-3", "ConnectIsNotImplemented", with_host("CONNECT a.test:443 HTTP/1.1"), 501, false},
      {"9112-3", "AsteriskFormWithGet", with_host("GET * HTTP/1.1"), 400, false},
      {"9112-3", "UserinfoInAbsoluteForm", with_host("GET http://user@a.test/ HTTP/1.1"), 400, false},
      {"9112-3", "RequestLineTooLong", with_host("GET /" + std::string(9000, 'a') + " HTTP/1.1"), 414, false},
      // RFC 9112 §2.2: line endings
      {"9112-2.2", "BareLfAfterRequestLine", "GET / HTTP/1.1\nHost: a.test\r\n\r\n", 400, false},
      {"9112-2.2", "BareLfAfterField", "GET / HTTP/1.1\r\nHost: a.test\n\r\n", 400, false},
      {"9112-2.2", "BareCrInsideValue", with_host("GET / HTTP/1.1", "X-A: a\rb\r\n"), 400, false},
      {"9112-2.2", "CrCrLfLineEnd", "GET / HTTP/1.1\r\nHost: a.test\r\r\n\r\n", 400, false},
      // RFC 9112 §5.1, §5.2 and RFC 9110 §5.5: field syntax
      {"9112-5.1", "SpaceBeforeColon", "GET / HTTP/1.1\r\nHost : a.test\r\n\r\n", 400, false},
      {"9112-5.1", "TabBeforeColon", "GET / HTTP/1.1\r\nHost\t: a.test\r\n\r\n", 400, false},
      {"9112-5.2", "ObsoleteLineFolding", with_host("GET / HTTP/1.1", "X-A: a\r\n b\r\n"), 400, false},
      {"9112-5.2", "FoldedFirstField", "GET / HTTP/1.1\r\n Host: a.test\r\n\r\n", 400, false},
      {"9112-5.1", "FieldWithoutColon", with_host("GET / HTTP/1.1", "X-A a\r\n"), 400, false},
      {"9112-5.1", "EmptyFieldName", with_host("GET / HTTP/1.1", ": a\r\n"), 400, false},
      {"9112-5.1", "NonTokenFieldName", with_host("GET / HTTP/1.1", "X(A): a\r\n"), 400, false},
      {"9110-5.5", "NulInValue", with_host("GET / HTTP/1.1", "X-A: a\0b\r\n"s), 400, false},
      {"9110-5.5", "EscapeByteInValue", with_host("GET / HTTP/1.1", "X-A: a\x1b[0m\r\n"), 400, false},
      {"9110-5.5", "DelInValue", with_host("GET / HTTP/1.1", "X-A: a\x7f\r\n"), 400, false},
      {"9110-5.4", "HeaderSectionTooLarge", with_host("GET / HTTP/1.1", "X-A: " + std::string(17000, 'a') + "\r\n"), 431, false},
      {"9110-5.4", "TooManyFields", [] {
         std::string f;
         for (int i = 0; i < 120; ++i) f += "X-" + std::to_string(i) + ": v\r\n";
         return with_host("GET / HTTP/1.1", f);
       }(), 431, false},
      // RFC 9112 §3.2: Host
      {"9112-3.2", "MissingHost", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400, false},
      {"9112-3.2", "DuplicateHost", "GET / HTTP/1.1\r\nHost: a.test\r\nHost: b.test\r\n\r\n", 400, false},
      {"9112-3.2", "SpaceInsideHost", "GET / HTTP/1.1\r\nHost: a .test\r\n\r\n", 400, false},
      {"9112-3.2", "UserinfoInHost", "GET / HTTP/1.1\r\nHost: u@a.test\r\n\r\n", 400, false},
      {"9112-3.2", "EmptyHost", "GET / HTTP/1.1\r\nHost:\r\n\r\n", 400, false},
      // RFC 9110 §8.6, RFC 9112 §6.3: Content-Length
      {"9110-8.6", "NonNumericContentLength", with_host("POST / HTTP/1.1", "Content-Length: abc\r\n"), 400, false},
      {"9110-8.6", "NegativeContentLength", with_host("POST / HTTP/1.1", "Content-Length: -1\r\n"), 400, false},
      {"9110-8.6", "PlusSignContentLength", with_host("POST / HTTP/1.1", "Content-Length: +5\r\n"), 400, false},
      {"9110-8.6", "DuplicateIdenticalContentLength", with_host("POST / HTTP/1.1", "Content-Length: 5\r\nContent-Length: 5\r\n") + "hello", 400, false},
      {"9110-8.6", "DuplicateDifferentContentLength", with_host("POST / HTTP/1.1", "Content-Length: 5\r\nContent-Length: 6\r\n") + "hello!", 400, false},
      {"9110-8.6", "ContentLengthList", with_host("POST / HTTP/1.1", "Content-Length: 5, 5\r\n") + "hello", 400, false},
      {"9110-8.6", "SpaceInsideContentLength", with_host("POST / HTTP/1.1", "Content-Length: 1 0\r\n"), 400, false},
      {"9110-8.6", "OverflowingContentLength", with_host("POST / HTTP/1.1", "Content-Length: 99999999999999999999\r\n"), 400, false},
      {"9110-8.6", "HexContentLength", with_host("POST / HTTP/1.1", "Content-Length: 0x10\r\n"), 400, false},
      {"9110-8.6", "ContentLengthBeyondLimit", with_host("POST / HTTP/1.1", "Content-Length: 999999999\r\n"), 413, false},
      // RFC 9112 §6.1, §6.3: Transfer-Encoding
      {"9112-6.1", "ContentLengthThenTransferEncoding", with_host("POST / HTTP/1.1", "Content-Length: 13\r\nTransfer-Encoding: chunked\r\n") + "0\r\n\r\nSMUGGLED", 400, false},
      {"9112-6.1", "TransferEncodingThenContentLength", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n") + "5c\r\nGPOST / HTTP/1.1\r\n", 400, false},
      {"9112-6.1", "ChunkedTwice", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked, chunked\r\n"), 400, false},
      {"9112-6.3", "ChunkedNotFinal", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked, gzip\r\n"), 400, false},
      {"9112-6.3", "OnlyGzip", with_host("POST / HTTP/1.1", "Transfer-Encoding: gzip\r\n"), 400, false},
      {"9112-6.1", "GzipThenChunkedIsNotImplemented", with_host("POST / HTTP/1.1", "Transfer-Encoding: gzip, chunked\r\n"), 501, false},
      {"9112-6.3", "ObfuscatedXChunked", with_host("POST / HTTP/1.1", "Transfer-Encoding: xchunked\r\n"), 400, false},
      {"9112-6.3", "ChunkedWithParameter", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked;q=1\r\n"), 400, false},
      {"9112-6.3", "IdentityCoding", with_host("POST / HTTP/1.1", "Transfer-Encoding: identity\r\n"), 400, false},
      {"9112-6.1", "EmptyListElement", with_host("POST / HTTP/1.1", "Transfer-Encoding: , chunked\r\n"), 400, false},
      {"9112-6.1", "TwoTransferEncodingFields", with_host("POST / HTTP/1.1", "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"), 400, false},
      {"9112-6.1", "TransferEncodingInHttp10", "POST / HTTP/1.0\r\nHost: a.test\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400, false},
      {"9112-6.1", "VerticalTabAfterChunked", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked\x0b\r\n"), 400, false},
      {"9112-6.1", "SpaceBeforeColonInTransferEncoding", with_host("POST / HTTP/1.1", "Transfer-Encoding : chunked\r\n"), 400, false},
      // RFC 9110 §7.6.1: Connection options naming framing fields
      {"9110-7.6.1", "ConnectionNamesContentLength", with_host("POST / HTTP/1.1", "Connection: Content-Length\r\nContent-Length: 5\r\n") + "hello", 400, false},
      {"9110-7.6.1", "ConnectionNamesTransferEncoding", with_host("GET / HTTP/1.1", "Connection: transfer-encoding\r\n"), 400, false},
      {"9110-7.6.1", "ConnectionNamesHost", with_host("GET / HTTP/1.1", "Connection: host\r\n"), 400, false},
      // RFC 9110 §10.1.1: Expect
      {"9110-10.1.1", "UnknownExpectation", with_host("POST / HTTP/1.1", "Expect: 200-ok\r\nContent-Length: 1\r\n") + "x", 417, false},
      // RFC 9112 §7.1: chunked body
      {"9112-7.1", "NonHexChunkSize", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "zz\r\nhello\r\n0\r\n\r\n", 400, true},
      {"9112-7.1", "HexPrefixedChunkSize", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "0x5\r\nhello\r\n0\r\n\r\n", 400, true},
      {"9112-7.1", "NegativeChunkSize", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "-1\r\nhello\r\n0\r\n\r\n", 400, true},
      {"9112-7.1", "OverflowingChunkSize", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "10000000000000005\r\nhello\r\n0\r\n\r\n", 400, true},
      {"9112-7.1", "LeadingSpaceInChunkSize", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n") + " 5\r\nhello\r\n0\r\n\r\n", 400, true},
      {"9112-7.1", "TrailingSpaceWithoutExtension", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "5 \r\nhello\r\n0\r\n\r\n", 400, true},
      {"9112-7.1", "ChunkDataLongerThanSize", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "3\r\nhello\r\n0\r\n\r\n", 400, true},
      {"9112-7.1", "BareLfAfterChunkSize", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "5\nhello\r\n0\r\n\r\n", 400, true},
      {"9112-7.1", "InvalidChunkExtension", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "5;=x\r\nhello\r\n0\r\n\r\n", 400, true},
      {"9112-7.1", "ControlByteInQuotedExtension", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "5;a=\"\x01\"\r\nhello\r\n0\r\n\r\n", 400, true},
      {"9112-7.1", "FoldedTrailer", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "5\r\nhello\r\n0\r\nX: a\r\n b\r\n\r\n", 400, true},
      {"9112-7.1", "ChunkedBodyBeyondLimit", with_host("POST / HTTP/1.1", "Transfer-Encoding: chunked\r\n") + "fffffff\r\nhello\r\n", 413, true},
  };
  return cases;
}

}  // namespace portico::testing
