// GoogleTest entry point shared by every test executable.
#include <gtest/gtest.h>

#include <csignal>

int main(int argc, char** argv) {
  // A peer closing a socket mid-write must surface as an error code, not kill the test process.
  std::signal(SIGPIPE, SIG_IGN);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
