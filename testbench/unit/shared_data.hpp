#pragma once
// Tests that read ../shared (real models) skip when it is missing on a developer's machine,
// but fail under CI (CI=true), where a silently skipped test would hide a broken setup.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace fineq::test {
inline bool running_under_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::strcmp(ci, "true") == 0;
}
}  // namespace fineq::test

// Use at the top of a TEST body: returns from it (skipped, or failed under CI) if `path` is missing.
#define FINEQ_REQUIRE_SHARED_FILE(path)                                                      \
  do {                                                                                       \
    if (!std::filesystem::exists(path)) {                                                    \
      if (fineq::test::running_under_ci()) FAIL() << (path) << " not present (CI=true)";     \
      GTEST_SKIP() << (path) << " not present";                                              \
    }                                                                                        \
  } while (false)
