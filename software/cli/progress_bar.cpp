#include "progress_bar.hpp"

#include <cstdio>
#include <iostream>

#include <unistd.h>

namespace fineq::cli {

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)), terminal_(::isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()) {}

void ProgressBar::update(std::size_t done, std::size_t total) {
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  if (!terminal_) {
    if (done == total) std::cerr << label_ << ": " << total << "/" << total << " in " << seconds << " s\n";
    return;
  }
  constexpr int kWidth = 30;
  const int filled = total == 0 ? kWidth : static_cast<int>(kWidth * done / total);
  char line[64];
  std::snprintf(line, sizeof line, "] %zu/%zu %.1f s", done, total, seconds);
  std::cerr << "\r" << label_ << " [" << std::string(filled, '#') << std::string(kWidth - filled, ' ') << line
            << (done == total ? "\n" : "") << std::flush;
}

}  // namespace fineq::cli
