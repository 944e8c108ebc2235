#pragma once
// Which PEs the cycle-level VCD traces: rows r0..r1 and columns c0..c1, inclusive, written
// "r0:r1,c0:c1" on the command line (--trace-pes). Tracing a small window keeps a VCD of a
// 32 x 32 array at a readable size.
#include <cstdint>
#include <string>

namespace fineq {

struct TraceWindow {
  std::uint32_t row_first = 0;
  std::uint32_t row_last = 3;
  std::uint32_t col_first = 0;
  std::uint32_t col_last = 3;

  // Parses "r0:r1,c0:c1"; throws std::invalid_argument("--trace-pes: expected ...").
  static TraceWindow parse(const std::string& text);
  // The default corner (up to 4 x 4) of an R x C array.
  static TraceWindow default_for(std::uint32_t rows, std::uint32_t cols);
  // Throws std::invalid_argument("--trace-pes: ...") if the window leaves an R x C array.
  void check_fits(std::uint32_t rows, std::uint32_t cols) const;
  std::string to_string() const;  // the form parse() accepts
};

}  // namespace fineq
