#pragma once
// Integration tests drive the CLI servers (`portico mock`, `portico gateway`) as child processes;
// the class lives in core/util because `portico run --processes` does the same.
#include "core/util/child_process.hpp"

namespace portico::testing {
using core::child_process;
}  // namespace portico::testing
