#pragma once
// A GTKWave save file (.gtkw): which VCD to open, the signals in named groups and their
// display format, and the time range to show, so that `gtkwave NAME.gtkw` opens a readable
// view instead of an empty signal list. Plain C++; the cycle tracer fills it.
#include <cstdint>
#include <string>
#include <vector>

namespace fineq {

class GtkwaveSaveFile {
 public:
  enum class Format { Binary, Hex, Decimal, SignedDecimal };
  // Width of the wave pane in the window the file asks for (what remains of its 1600
  // pixels after the tree and signal-name panes): set_view() spreads the range over it.
  static constexpr int kWavePanePixels = 1220;

  // Opens a group; later signals belong to it until the next group. A collapsed group shows
  // only its title until expanded.
  void begin_group(const std::string& title, bool collapsed = false);
  // `path`: the signal's full name as GTKWave lists it, e.g. "SystemC.pe_0_0.psum[31:0]".
  void add_signal(const std::string& path, Format format);
  // Time range shown on opening, in VCD time units.
  void set_view(std::uint64_t start, std::uint64_t end) {
    view_start_ = start;
    view_end_ = end;
  }

  // The file's text for a VCD at `vcd_path`.
  std::string text(const std::string& vcd_path) const;

 private:
  int window_height() const;  // pixels

  struct Entry {
    bool group = false;
    bool collapsed = false;
    std::string name;
    Format format = Format::Binary;
  };
  std::vector<Entry> entries_;
  std::uint64_t view_start_ = 0;
  std::uint64_t view_end_ = 0;
};

}  // namespace fineq
