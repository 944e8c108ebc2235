#include "gtkwave_save_file.hpp"

#include <cmath>
#include <sstream>

namespace fineq {

namespace {
constexpr int kWindowWidth = 1600;  // pixels; the wave pane is what remains after the names
constexpr int kWavePaneWidth = 1200;

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
constexpr const char* kGroupEnd = "@1000200";
}  // namespace

void GtkwaveSaveFile::begin_group(const std::string& title) {
  entries_.push_back({true, title, Format::Binary});
}

void GtkwaveSaveFile::add_signal(const std::string& path, Format format) {
  entries_.push_back({false, path, format});
}

std::string GtkwaveSaveFile::text(const std::string& vcd_path) const {
  std::ostringstream out;
  out << "[*] GTKWave save file written by fineq simulate --mode cycle\n";
  out << "[dumpfile] \"" << vcd_path << "\"\n";
  out << "[timestart] " << view_start_ << "\n";
  out << "[size] " << kWindowWidth << " 900\n";
  out << "[pos] -1 -1\n";
  if (view_end_ > view_start_) {
    // GTKWave's zoom z shows 2^-z time units per pixel.
    const double units_per_pixel = static_cast<double>(view_end_ - view_start_) / kWavePaneWidth;
    out << "*" << std::fixed << -std::log2(units_per_pixel) << " " << view_start_ << "\n";
  }
  out << "[treeopen] SystemC.\n";
  out << "[signals_width] 300\n";
  out << "[sst_width] 200\n";
  out << "[sst_expanded] 0\n";
  std::string open_group;
  for (const Entry& entry : entries_) {
    if (entry.group) {
      if (!open_group.empty()) out << kGroupEnd << "\n-" << open_group << "\n";
      open_group = entry.name;
      out << kGroupBegin << "\n-" << open_group << "\n";
    } else {
      out << flags(entry.format) << "\n" << entry.name << "\n";
    }
  }
  if (!open_group.empty()) out << kGroupEnd << "\n-" << open_group << "\n";
  out << "[pattern_trace] 1\n[pattern_trace] 0\n";
  return out.str();
}

}  // namespace fineq
