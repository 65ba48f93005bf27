#pragma once
// The Asio coroutine vocabulary every networking file uses, said once: `asio` for boost::asio,
// and `nothrow`, the completion token under which a co_await'ed operation returns its
// error_code in a tuple instead of throwing it (errors are values on expected paths: a peer
// that resets or times out is not exceptional).
//
//   auto [ec, n] = co_await socket.async_read_some(buffer, nothrow);
//
// In namespace portico so that every module's namespace (portico::gateway, portico::net, ...)
// finds them without a using-declaration.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace portico {

namespace asio = boost::asio;
inline constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

}  // namespace portico
