#pragma once
// A progress bar on stderr for long runs: redrawn in place on a terminal; elsewhere (a log
// file, a test) one line when the task finishes, so logs stay readable.
#include <chrono>
#include <cstddef>
#include <string>

namespace fineq::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  // done of total steps finished.
  void update(std::size_t done, std::size_t total);

 private:
  std::string label_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace fineq::cli
