// The one translation unit that compiles Asio, Asio's SSL and Beast (separate-compilation mode,
// see cmake/PorticoOptions.cmake): every other file includes only their declarations.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
