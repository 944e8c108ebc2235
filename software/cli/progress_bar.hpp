#pragma once
// A progress bar with an ETA for long runs, on stderr: redrawn in place on a terminal, one
// line per tenth of the work otherwise (logs stay short).
#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace fineq::cli {

class ProgressBar {
 public:
  // `unit`: what is counted ("layers", "sequences").
  ProgressBar(std::ostream& out, std::size_t total, bool terminal, std::string unit);
  // `done` items finished, `current` the one starting now.
  void update(std::size_t done, const std::string& current);
  // Ends the bar (all done, or an error follows).
  void finish();

 private:
  std::string line(std::size_t done, const std::string& current) const;

  std::ostream& out_;
  std::size_t total_;
  std::string unit_;
  bool terminal_;
  bool open_ = false;
  std::size_t last_tenth_ = 0;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace fineq::cli
