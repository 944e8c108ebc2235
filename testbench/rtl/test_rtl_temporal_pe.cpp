// rtl/temporal_pe.v against temporal_pe_wave() (model/pe/pe_arithmetic.cpp): every weight
// code the PE can hold (sign x 3-bit magnitude) x every INT8 activation x every pulse phase
// of every window that can hold the weight.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "VTemporalPe.h"
#include "pe_arithmetic.hpp"
#include "verilated_clock.hpp"

using fineq_rtl_test::clock_edge;

namespace {
constexpr int kMagnitudeBits = 3;  // as verilated (rtl/CMakeLists.txt)
constexpr int kLargestMagnitude = (1 << kMagnitudeBits) - 1;

// Loads the weight and the wave's activation, and the partial sum from above, in one clock.
void start_wave(VTemporalPe& pe, bool negative, int magnitude, int activation, std::int32_t psum) {
  pe.weight_load = 1;
  pe.weight_sign = negative;
  pe.weight_magnitude = static_cast<std::uint8_t>(magnitude);
  pe.act_in = static_cast<std::uint8_t>(activation);
  pe.act_valid_in = 1;
  pe.psum_load = 1;
  pe.psum_in = static_cast<std::uint32_t>(psum);
  clock_edge(pe);
  pe.weight_load = 0;
  pe.psum_load = 0;
}
}  // namespace

TEST(RtlTemporalPe, EveryWeightActivationAndPulsePhaseMatchesTheArithmetic) {
  VTemporalPe pe;
  pe.rst = 1;
  clock_edge(pe);
  pe.rst = 0;
  std::mt19937 rng(10);
  std::uniform_int_distribution<std::int32_t> partial_sums(-(1 << 28), 1 << 28);
  std::uint64_t checked_phases = 0;
  for (int window = 1; window <= kLargestMagnitude; ++window) {
    for (int negative = 0; negative <= 1; ++negative) {
      for (int magnitude = 0; magnitude <= window; ++magnitude) {
        const int weight = negative ? -magnitude : magnitude;
        for (int a = -128; a <= 127; ++a) {
          const std::int32_t from_above = partial_sums(rng);
          start_wave(pe, negative, magnitude, a, from_above);
          for (int p = 0; p < window; ++p) {
            pe.pulse_count = static_cast<std::uint8_t>(p);
            pe.eval();
            // Independent of the code under test: p+1 pulses so far, at most |w| of them.
            const int pulses_so_far = std::min(p + 1, magnitude);
            const std::int32_t expected = from_above + (negative ? -a : a) * pulses_so_far;
            ASSERT_EQ(pe.pulse, p < magnitude ? 1 : 0) << "w=" << weight << " a=" << a << " p=" << p;
            ASSERT_EQ(static_cast<std::int32_t>(pe.psum_out), expected)
                << "w=" << weight << " a=" << a << " window=" << window << " p=" << p;
            ASSERT_EQ(static_cast<std::int8_t>(pe.act_out), a);
            ASSERT_EQ(pe.act_valid_out, 1);
            ++checked_phases;
            if (p + 1 < window) clock_edge(pe);
          }
          std::uint64_t pulses = 0;
          const std::int32_t wave = fineq::temporal_pe_wave(
              from_above, static_cast<std::int8_t>(a), static_cast<std::int8_t>(weight),
              static_cast<std::uint32_t>(window), pulses);
          ASSERT_EQ(static_cast<std::int32_t>(pe.psum_out), wave) << "w=" << weight << " a=" << a;
          ASSERT_EQ(pulses, static_cast<std::uint64_t>(magnitude));
        }
      }
    }
  }
  // sum over windows W = 1..7 of (2 signs x (W + 1) magnitudes x W phases) x 256 activations
  EXPECT_EQ(checked_phases, 2u * (2 * 1 + 3 * 2 + 4 * 3 + 5 * 4 + 6 * 5 + 7 * 6 + 8 * 7) * 256);
}

TEST(RtlTemporalPe, InvalidWaveFiresNoPulseAndHoldsThePartialSum) {
  VTemporalPe pe;
  start_wave(pe, false, 4, 100, 12345);
  pe.act_valid_in = 0;
  clock_edge(pe);  // the activation register now holds an invalid slot
  for (int p = 0; p < 4; ++p) {
    pe.pulse_count = static_cast<std::uint8_t>(p);
    pe.eval();
    EXPECT_EQ(pe.pulse, 0);
    // One pulse happened in the valid clock before; nothing since.
    EXPECT_EQ(static_cast<std::int32_t>(pe.psum_out), 12345 + 100);
    EXPECT_EQ(pe.act_valid_out, 0);
    clock_edge(pe);
  }
}

TEST(RtlTemporalPe, ResetClearsTheValidBitAndKeepsTheWeight) {
  VTemporalPe pe;
  start_wave(pe, true, 3, -7, 0);
  pe.rst = 1;
  clock_edge(pe);
  pe.rst = 0;
  EXPECT_EQ(pe.act_valid_out, 0);
  pe.act_valid_in = 1;
  pe.act_in = 5;
  pe.psum_load = 1;
  pe.psum_in = 0;
  clock_edge(pe);
  pe.psum_load = 0;
  pe.pulse_count = 0;
  pe.eval();
  EXPECT_EQ(static_cast<std::int32_t>(pe.psum_out), -5);  // weight -3 kept: one pulse of -a
}
