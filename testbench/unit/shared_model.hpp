#pragma once
// Locating a model in ../shared/models for a test: skipped when absent on a developer's
// machine, but a failure when CI=true, so CI never passes by skipping the real-model checks.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace fineq::test {

inline bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

inline std::string shared_model_path(const std::string& file) {
  return std::string(FINEQ_SHARED_DIR) + "/models/" + file;
}

}  // namespace fineq::test

// In a TEST body: sets `variable` to the model's path, or skips/fails when it is missing.
#define REQUIRE_SHARED_MODEL(variable, file)                                          \
  const std::string variable = ::fineq::test::shared_model_path(file);               \
  if (!std::filesystem::exists(variable)) {                                           \
    if (::fineq::test::running_in_ci()) FAIL() << variable << " missing and CI=true"; \
    GTEST_SKIP() << variable << " not present";                                       \
  }
