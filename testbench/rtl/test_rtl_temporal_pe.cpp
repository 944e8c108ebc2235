// rtl/temporal_pe.v against temporal_pe_clock() and temporal_pe_wave()
// (model/pe/pe_arithmetic.cpp): every weight code the PE can hold (sign x 3-bit magnitude) x
// every INT8 activation x every pulse phase of every window that can hold the weight, clocked
// as the structural array clocks its PEs (model/structural/pe_module.hpp).
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

void load_weight(VTemporalPe& pe, bool negative, int magnitude) {
  pe.load = 1;
  pe.weight_sign = negative;
  pe.weight_magnitude = static_cast<std::uint8_t>(magnitude);
  pe.pulse_active = 0;
  pe.valid_in = 0;
  clock_edge(pe);
  pe.load = 0;
}

// One clock of an active column with pulse counter p and the activation a held by the left
// neighbour; returns the comparator output seen before the edge.
bool window_clock(VTemporalPe& pe, int p, int a, std::int32_t psum_in) {
  pe.pulse_active = 1;
  pe.pulse_count = static_cast<std::uint8_t>(p);
  pe.act_in = static_cast<std::uint8_t>(a);
  pe.valid_in = 1;
  pe.psum_in = static_cast<std::uint32_t>(psum_in);
  pe.eval();
  const bool fire = pe.fire != 0;
  clock_edge(pe);
  return fire;
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
        const auto w8 = static_cast<std::int8_t>(weight);
        load_weight(pe, negative, magnitude);
        for (int a = -128; a <= 127; ++a) {
          const auto a8 = static_cast<std::int8_t>(a);
          const std::int32_t from_above = partial_sums(rng);
          std::int32_t expected = from_above;
          std::uint64_t pulses = 0;
          for (int p = 0; p < window; ++p) {
            // psum_in only counts in the window's first clock: feed a decoy in the others.
            const bool fire = window_clock(pe, p, a, p == 0 ? from_above : partial_sums(rng));
            expected = fineq::temporal_pe_clock(expected, a8, w8, static_cast<std::uint32_t>(p), pulses);
            ASSERT_EQ(fire, p < magnitude) << "w=" << weight << " a=" << a << " p=" << p;
            // Independent of the arithmetic under test: min(p+1, |w|) pulses of sign(w) * a.
            ASSERT_EQ(static_cast<std::int32_t>(pe.psum_out),
                      from_above + (negative ? -a : a) * std::min(p + 1, magnitude))
                << "w=" << weight << " a=" << a << " window=" << window << " p=" << p;
            ASSERT_EQ(static_cast<std::int32_t>(pe.psum_out), expected);
            ASSERT_EQ(static_cast<std::int8_t>(pe.act_out), a);
            ASSERT_EQ(pe.valid_out, 1);
            ++checked_phases;
          }
          std::uint64_t wave_pulses = 0;
          ASSERT_EQ(static_cast<std::int32_t>(pe.psum_out),
                    fineq::temporal_pe_wave(from_above, a8, w8, static_cast<std::uint32_t>(window),
                                            wave_pulses))
              << "w=" << weight << " a=" << a;
          ASSERT_EQ(wave_pulses, static_cast<std::uint64_t>(magnitude));
          ASSERT_EQ(pulses, wave_pulses);
        }
      }
    }
  }
  // sum over windows W = 1..7 of (2 signs x (W + 1) magnitudes x W phases) x 256 activations
  EXPECT_EQ(checked_phases, 2u * (2 * 1 + 3 * 2 + 4 * 3 + 5 * 4 + 6 * 5 + 7 * 6 + 8 * 7) * 256);
}

TEST(RtlTemporalPe, InvalidSlotsFireNothingAndIdleColumnsHoldThePartialSum) {
  VTemporalPe pe;
  load_weight(pe, false, 4);
  window_clock(pe, 0, 100, 12345);  // one pulse: 12345 + 100
  pe.valid_in = 0;
  for (int p = 1; p < 4; ++p) {
    pe.pulse_count = static_cast<std::uint8_t>(p);
    pe.eval();
    EXPECT_EQ(pe.fire, 0);
    clock_edge(pe);
    EXPECT_EQ(static_cast<std::int32_t>(pe.psum_out), 12345 + 100);
    EXPECT_EQ(pe.valid_out, 0);
  }
  pe.pulse_active = 0;  // column idle: nothing moves, even with p = 0 and a valid activation
  pe.pulse_count = 0;
  pe.valid_in = 1;
  pe.psum_in = 7;
  pe.eval();
  EXPECT_EQ(pe.fire, 0);
  clock_edge(pe);
  EXPECT_EQ(static_cast<std::int32_t>(pe.psum_out), 12345 + 100);
}

TEST(RtlTemporalPe, ALoadedWeightAppliesAtTheEdgeThatLoadsIt) {
  VTemporalPe pe;
  load_weight(pe, false, 1);
  // load -2 and the window's first clock at the same edge: the new weight fires.
  pe.load = 1;
  pe.weight_sign = 1;
  pe.weight_magnitude = 2;
  EXPECT_TRUE(window_clock(pe, 0, 10, 1000));
  pe.load = 0;
  pe.weight_sign = 0;
  pe.weight_magnitude = 0;
  EXPECT_TRUE(window_clock(pe, 1, 10, 0));  // p = 1 < |-2|: the register kept -2
  EXPECT_FALSE(window_clock(pe, 2, 10, 0));
  EXPECT_EQ(static_cast<std::int32_t>(pe.psum_out), 1000 - 20);
}

TEST(RtlTemporalPe, ResetClearsTheValidBitAndKeepsTheWeight) {
  VTemporalPe pe;
  load_weight(pe, true, 3);
  pe.valid_in = 1;
  clock_edge(pe);
  EXPECT_EQ(pe.valid_out, 1);
  pe.rst = 1;
  clock_edge(pe);
  pe.rst = 0;
  EXPECT_EQ(pe.valid_out, 0);
  window_clock(pe, 0, 5, 0);
  EXPECT_EQ(static_cast<std::int32_t>(pe.psum_out), -5);  // weight -3 kept: one pulse of -a
}
