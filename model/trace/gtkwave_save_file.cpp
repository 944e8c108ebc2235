#include "gtkwave_save_file.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace fineq {

namespace {
constexpr int kWindowWidth = 1600;  // pixels
constexpr int kRowHeight = 23;      // one signal row of the wave pane
constexpr int kWindowChrome = 200;  // title, toolbar, time ruler and scroll bar
constexpr int kMinWindowHeight = 600;
constexpr int kMaxWindowHeight = 1800;

// GTKWave trace flags (gtkwave's TR_* bits): right-justified values in a base, plus the
// group begin/end markers, which are blank rows that carry a title.
const char* flags(GtkwaveSaveFile::Format format) {
  switch (format) {
    case GtkwaveSaveFile::Format::Binary: return "@28";
    case GtkwaveSaveFile::Format::Hex: return "@22";
    case GtkwaveSaveFile::Format::Decimal: return "@24";
    case GtkwaveSaveFile::Format::SignedDecimal: return "@424";
  }
  return "@28";
}
constexpr const char* kGroupBegin = "@800200";
constexpr const char* kCollapsedGroupBegin = "@c00200";
constexpr const char* kGroupEnd = "@1000200";
}  // namespace

void GtkwaveSaveFile::begin_group(const std::string& title, bool collapsed) {
  entries_.push_back({true, collapsed, title, Format::Binary});
}

void GtkwaveSaveFile::add_signal(const std::string& path, Format format) {
  entries_.push_back({false, false, path, format});
}

int GtkwaveSaveFile::window_height() const {
  // Tall enough for every visible row (group titles open and close a group; a collapsed
  // group hides its signals), within what screens hold.
  int rows = 0;
  bool hidden = false;
  for (const Entry& entry : entries_) {
    if (entry.group) {
      rows += 2;
      hidden = entry.collapsed;
    } else if (!hidden) {
      ++rows;
    }
  }
  return std::clamp(kWindowChrome + kRowHeight * rows, kMinWindowHeight, kMaxWindowHeight);
}

std::string GtkwaveSaveFile::text(const std::string& vcd_path) const {
  std::ostringstream out;
  out << "[*] GTKWave save file written by fineq simulate --mode cycle\n";
  out << "[dumpfile] \"" << vcd_path << "\"\n";
  out << "[timestart] " << view_start_ << "\n";
  out << "[size] " << kWindowWidth << " " << window_height() << "\n";
  out << "[pos] -1 -1\n";
  if (view_end_ > view_start_) {
    // GTKWave's zoom z shows 2^-z time units per 200-pixel frame.
    const double units_per_pixel = static_cast<double>(view_end_ - view_start_) / kWavePanePixels;
    out << "*" << std::fixed << -std::log2(units_per_pixel * 200.0) << " " << view_start_ << "\n";
  }
  out << "[treeopen] SystemC.\n";
  out << "[signals_width] 300\n";
  out << "[sst_width] 60\n";
  out << "[sst_expanded] 0\n";
  std::string open_group;
  for (const Entry& entry : entries_) {
    if (entry.group) {
      if (!open_group.empty()) out << kGroupEnd << "\n-" << open_group << "\n";
      open_group = entry.name;
      out << (entry.collapsed ? kCollapsedGroupBegin : kGroupBegin) << "\n-" << open_group << "\n";
    } else {
      out << flags(entry.format) << "\n" << entry.name << "\n";
    }
  }
  if (!open_group.empty()) out << kGroupEnd << "\n-" << open_group << "\n";
  out << "[pattern_trace] 1\n[pattern_trace] 0\n";
  return out.str();
}

}  // namespace fineq
