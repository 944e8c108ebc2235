#include "trace_window.hpp"

#include <algorithm>
#include <regex>
#include <stdexcept>

namespace fineq {

TraceWindow TraceWindow::parse(const std::string& text) {
  static const std::regex form(R"((\d{1,4}):(\d{1,4}),(\d{1,4}):(\d{1,4}))");
  std::smatch match;
  if (!std::regex_match(text, match, form)) {
    throw std::invalid_argument("--trace-pes: expected r0:r1,c0:c1 (e.g. 0:3,0:3), got '" + text + "'");
  }
  TraceWindow window;
  window.row_first = static_cast<std::uint32_t>(std::stoul(match[1]));
  window.row_last = static_cast<std::uint32_t>(std::stoul(match[2]));
  window.col_first = static_cast<std::uint32_t>(std::stoul(match[3]));
  window.col_last = static_cast<std::uint32_t>(std::stoul(match[4]));
  if (window.row_first > window.row_last || window.col_first > window.col_last) {
    throw std::invalid_argument("--trace-pes: expected first <= last in r0:r1,c0:c1, got '" + text + "'");
  }
  return window;
}

TraceWindow TraceWindow::default_for(std::uint32_t rows, std::uint32_t cols) {
  TraceWindow window;
  window.row_last = std::min<std::uint32_t>(3, rows - 1);
  window.col_last = std::min<std::uint32_t>(3, cols - 1);
  return window;
}

void TraceWindow::check_fits(std::uint32_t rows, std::uint32_t cols) const {
  if (row_last >= rows || col_last >= cols) {
    throw std::invalid_argument("--trace-pes: window " + to_string() + " leaves the " +
                                std::to_string(rows) + " x " + std::to_string(cols) +
                                " array (rows 0:" + std::to_string(rows - 1) + ", columns 0:" +
                                std::to_string(cols - 1) + ")");
  }
}

std::string TraceWindow::to_string() const {
  return std::to_string(row_first) + ":" + std::to_string(row_last) + "," +
         std::to_string(col_first) + ":" + std::to_string(col_last);
}

}  // namespace fineq
