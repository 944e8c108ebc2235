#include "progress_bar.hpp"

#include <cstdio>
#include <sstream>

namespace fineq::cli {

ProgressBar::ProgressBar(std::ostream& out, std::size_t total, bool terminal, std::string unit)
    : out_(out), total_(total), unit_(std::move(unit)), terminal_(terminal), started_(std::chrono::steady_clock::now()) {}

std::string ProgressBar::line(std::size_t done, const std::string& current) const {
  constexpr std::size_t kWidth = 30;
  const std::size_t filled = total_ == 0 ? kWidth : done * kWidth / total_;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  std::ostringstream text;
  text << "[" << std::string(filled, '#') << std::string(kWidth - filled, '-') << "] " << done
       << "/" << total_ << " " << unit_ << ", " << static_cast<long>(elapsed) << " s";
  if (done > 0 && done < total_) {
    text << ", ETA " << static_cast<long>(elapsed / static_cast<double>(done) * static_cast<double>(total_ - done) + 0.5)
         << " s";
  }
  if (!current.empty()) text << "  " << current.substr(0, 40);
  return text.str();
}

void ProgressBar::update(std::size_t done, const std::string& current) {
  if (terminal_) {
    out_ << "\r" << line(done, current) << "\033[K" << std::flush;
    open_ = true;
    return;
  }
  const std::size_t tenth = total_ == 0 ? 10 : done * 10 / total_;
  if (done == 0 || tenth > last_tenth_) {
    last_tenth_ = tenth;
    out_ << line(done, current) << "\n" << std::flush;
  }
}

void ProgressBar::finish() {
  if (terminal_ && open_) out_ << "\r" << line(total_, "") << "\033[K\n" << std::flush;
  open_ = false;
}

}  // namespace fineq::cli
