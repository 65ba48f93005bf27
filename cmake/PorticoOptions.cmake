# Shared compile settings: warnings, sanitizers, ccache, and the Asio/Beast separate-compilation mode.

find_program(PORTICO_CCACHE ccache)
if(PORTICO_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${PORTICO_CCACHE})
endif()

add_library(portico_warnings INTERFACE)
target_compile_options(portico_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wimplicit-fallthrough -Wformat=2
  # C++20 designated initializers ({.threads = 2}) leave the other members at their defaults on
  # purpose; GCC's -Wextra still calls each one a "missing initializer".
  -Wno-missing-field-initializers)
# -Wnull-dereference only with clang: GCC 12 at -O2 reports "potential null pointer dereference"
# inside inlined libstdc++/Asio code (std::string assignment, io_context internals) that no source
# change of ours can address, which buried the real warnings under ~100 false ones.
if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  target_compile_options(portico_warnings INTERFACE -Wnull-dereference)
endif()

if(PORTICO_SANITIZERS)
  string(REPLACE "," ";" _sanitizers "${PORTICO_SANITIZERS}")
  foreach(s IN LISTS _sanitizers)
    add_compile_options(-fsanitize=${s})
    add_link_options(-fsanitize=${s})
  endforeach()
  add_compile_options(-fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  # GCC announces ASan and TSan with a macro, UBSan with none; the few tests that must know say so.
  if("undefined" IN_LIST _sanitizers)
    add_compile_definitions(PORTICO_UBSAN=1)
  endif()
endif()

# Asio and Beast are compiled once (core/net/asio_impl.cpp) instead of in every translation unit.
add_library(portico_asio_config INTERFACE)
target_compile_definitions(portico_asio_config INTERFACE
  BOOST_ASIO_SEPARATE_COMPILATION BOOST_BEAST_SEPARATE_COMPILATION
  BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)

# The portico executable's allocator is jemalloc (tools/CMakeLists.txt links it). A proxied
# request allocates five to seven coroutine frames of 150-850 bytes, with dozens of requests in
# flight per thread. Asio's own frame cache keeps two blocks per thread, reused first-fit, and
# glibc's per-thread cache seven per size: past them, frames went through glibc's general
# allocator (Callgrind, plain proxy: 1.55k instructions per request in malloc and free with
# Asio's cache, 2.5k without it; 0.7k with jemalloc and without it). With jemalloc, Asio's cache
# would only add its slot scan and an aligned allocation, so it is switched off; with glibc it
# stays. Not under sanitizers, which bring their own allocator.
set(PORTICO_ALLOCATOR_LIBS "")
if(NOT PORTICO_SANITIZERS)
  find_library(PORTICO_JEMALLOC jemalloc)
  if(PORTICO_JEMALLOC)
    set(PORTICO_ALLOCATOR_LIBS ${PORTICO_JEMALLOC})
    target_compile_definitions(portico_asio_config INTERFACE BOOST_ASIO_DISABLE_AWAITABLE_FRAME_RECYCLING)
  else()
    message(WARNING "jemalloc not found (Debian: libjemalloc-dev; scripts/bootstrap installs it): "
                    "portico runs on glibc's malloc, about 5 % more instructions per proxied request")
  endif()
endif()
target_link_libraries(portico_asio_config INTERFACE Boost::headers Threads::Threads)

# portico_module(NAME SOURCES... DEPS ...): a static library with the project's warnings.
function(portico_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE portico_warnings)
endfunction()

# portico_glob_module(NAME DIR DEPS ...): a static library of every .cpp under DIR, so that
# adding a file needs no CMake edit (several people add files to a module at once).
function(portico_glob_module name)
  cmake_parse_arguments(ARG "" "" "DEPS;EXCLUDE" ${ARGN})
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  foreach(pattern IN LISTS ARG_EXCLUDE)
    list(FILTER sources EXCLUDE REGEX "${pattern}")
  endforeach()
  portico_module(${name} SOURCES ${sources} DEPS ${ARG_DEPS})
endfunction()
