// --trace-pes parsing and the GTKWave save file the cycle-level tracer writes.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "gtkwave_save_file.hpp"
#include "trace_window.hpp"

using namespace fineq;

TEST(TraceWindow, ParsesAndChecksTheWindow) {
  const TraceWindow window = TraceWindow::parse("2:5,0:31");
  EXPECT_EQ(window.row_first, 2u);
  EXPECT_EQ(window.row_last, 5u);
  EXPECT_EQ(window.col_first, 0u);
  EXPECT_EQ(window.col_last, 31u);
  EXPECT_EQ(window.to_string(), "2:5,0:31");
  EXPECT_NO_THROW(window.check_fits(6, 32));
  EXPECT_THROW(window.check_fits(5, 32), std::invalid_argument);
  EXPECT_THROW(window.check_fits(6, 31), std::invalid_argument);
  for (const char* bad : {"", "0:3", "0:3,0", "0-3,0-3", "a:b,c:d", "0:3,0:3,", " 0:3,0:3",
                          "3:2,0:0", "0:0,5:4", "0:99999,0:1"}) {
    EXPECT_THROW(TraceWindow::parse(bad), std::invalid_argument) << bad;
  }
  try {
    TraceWindow::parse("0:3;0:3");
    FAIL();
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("--trace-pes: expected r0:r1,c0:c1"), std::string::npos);
  }
}

TEST(TraceWindow, DefaultIsA4x4CornerClippedToTheArray) {
  EXPECT_EQ(TraceWindow::default_for(32, 32).to_string(), "0:3,0:3");
  EXPECT_EQ(TraceWindow::default_for(2, 1).to_string(), "0:1,0:0");
}

TEST(GtkwaveSaveFile, GroupsSignalsAndFramesTheView) {
  GtkwaveSaveFile layout;
  layout.begin_group("clock");
  layout.add_signal("SystemC.control.clock", GtkwaveSaveFile::Format::Binary);
  layout.begin_group("registers", true);
  layout.add_signal("SystemC.csr.M[31:0]", GtkwaveSaveFile::Format::Decimal);
  layout.begin_group("PE 0,0");
  layout.add_signal("SystemC.pe_0_0.psum[31:0]", GtkwaveSaveFile::Format::SignedDecimal);
  layout.add_signal("SystemC.pe_0_0.weight[7:0]", GtkwaveSaveFile::Format::Hex);
  layout.set_view(1000, 1000 + GtkwaveSaveFile::kWavePanePixels * 50);  // 50 units per pixel
  const std::string text = layout.text("/tmp/x.vcd");

  const std::string expected_body =
      "@800200\n-clock\n@28\nSystemC.control.clock\n@1000200\n-clock\n"
      "@c00200\n-registers\n@24\nSystemC.csr.M[31:0]\n@1000200\n-registers\n"
      "@800200\n-PE 0,0\n@424\nSystemC.pe_0_0.psum[31:0]\n@22\nSystemC.pe_0_0.weight[7:0]\n"
      "@1000200\n-PE 0,0\n";
  EXPECT_NE(text.find(expected_body), std::string::npos) << text;
  EXPECT_NE(text.find("[dumpfile] \"/tmp/x.vcd\"\n"), std::string::npos);
  EXPECT_NE(text.find("[timestart] 1000\n"), std::string::npos);
  // GTKWave's zoom z: 2^-z units per 200-pixel frame, so 50 units/pixel is z = -log2(10000).
  std::istringstream lines(text);
  std::string line;
  double zoom = 0.0;
  std::uint64_t marker = 0;
  while (std::getline(lines, line)) {
    if (!line.empty() && line[0] == '*') std::istringstream(line.substr(1)) >> zoom >> marker;
  }
  EXPECT_NEAR(zoom, -std::log2(10000.0), 1e-6);
  EXPECT_EQ(marker, 1000u);
  // The window fits the visible rows: 3 groups of 2 title rows, 3 shown signals.
  EXPECT_NE(text.find("[size] 1600 600\n"), std::string::npos);  // at least 600 pixels
}
