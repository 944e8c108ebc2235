#pragma once
// A path in a directory of its own for this test process: ctest runs every test as its own
// process, in parallel, and several build directories may run their tests at the same time,
// so a fixed name in GoogleTest's temporary directory would be written and removed by two of
// them at once. The file name itself stays as given (loaders name tensors after it).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <unistd.h>

namespace fineq::test {

inline std::string unique_temp_path(const std::string& name) {
  const std::filesystem::path directory =
      std::filesystem::path(::testing::TempDir()) / ("fineq_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  return (directory / name).string();
}

}  // namespace fineq::test
