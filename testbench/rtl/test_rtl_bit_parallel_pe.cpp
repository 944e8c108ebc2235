// rtl/bit_parallel_pe.v, verilated as the int8x8 PE (WEIGHT_BITS 8) and the int8x4 PE
// (WEIGHT_BITS 4), against bit_parallel_pe_wave() (model/pe/pe_arithmetic.cpp): every weight
// the PE can hold x every INT8 activation, clocked as the structural array clocks its PEs
// (model/structural/pe_module.hpp).
#include <gtest/gtest.h>

#include <random>

#include "VInt8x4Pe.h"
#include "VInt8x8Pe.h"
#include "pe_arithmetic.hpp"
#include "verilated_clock.hpp"

using fineq_rtl_test::clock_edge;

namespace {

template <class Pe>
void check_every_weight_and_activation(fineq::PeKind kind, int weight_bits) {
  Pe pe;
  pe.rst = 1;
  clock_edge(pe);
  pe.rst = 0;
  std::mt19937 rng(8 + weight_bits);
  std::uniform_int_distribution<std::int32_t> partial_sums(-(1 << 28), 1 << 28);
  const int low = fineq::min_pe_weight(kind);
  const int high = fineq::max_pe_weight(kind);
  ASSERT_EQ(high - low + 1, 1 << weight_bits);
  for (int w = low; w <= high; ++w) {
    pe.load = 1;
    pe.weight_in = static_cast<std::uint8_t>(w) & ((1u << weight_bits) - 1);
    pe.window_end = 0;
    clock_edge(pe);
    pe.load = 0;
    pe.weight_in = 0;  // the register holds without load
    for (int a = -128; a <= 127; ++a) {
      const std::int32_t from_above = partial_sums(rng);
      pe.act_in = static_cast<std::uint8_t>(a);
      pe.valid_in = 1;
      pe.window_end = 1;
      pe.psum_in = static_cast<std::uint32_t>(from_above);
      clock_edge(pe);
      const std::int32_t out = static_cast<std::int32_t>(pe.psum_out);
      const auto a8 = static_cast<std::int8_t>(a);
      const auto w8 = static_cast<std::int8_t>(w);
      if (a == -128) {
        // Outside the symmetric INT8 range the C++ PE refuses; the RTL still multiplies.
        ASSERT_THROW(fineq::bit_parallel_pe_wave(kind, from_above, a8, w8), std::out_of_range);
        ASSERT_EQ(out, from_above + a * w);
      } else {
        ASSERT_EQ(out, fineq::bit_parallel_pe_wave(kind, from_above, a8, w8)) << "w=" << w << " a=" << a;
      }
      ASSERT_EQ(static_cast<std::int8_t>(pe.act_out), a);
      ASSERT_EQ(pe.valid_out, 1);
      // An idle column (no window end) holds its partial sum whatever the inputs do.
      pe.window_end = 0;
      pe.psum_in = static_cast<std::uint32_t>(partial_sums(rng));
      pe.act_in = static_cast<std::uint8_t>(a + 1);
      clock_edge(pe);
      ASSERT_EQ(static_cast<std::int32_t>(pe.psum_out), out);
    }
  }
}

}  // namespace

TEST(RtlBitParallelPe, Int8x8EveryWeightAndActivationMatchesTheArithmetic) {
  check_every_weight_and_activation<VInt8x8Pe>(fineq::PeKind::Int8x8, 8);
}

TEST(RtlBitParallelPe, Int8x4EveryWeightAndActivationMatchesTheArithmetic) {
  check_every_weight_and_activation<VInt8x4Pe>(fineq::PeKind::Int8x4, 4);
}

TEST(RtlBitParallelPe, ALoadedWeightAppliesAtTheEdgeThatLoadsIt) {
  VInt8x8Pe pe;
  pe.load = 1;
  pe.weight_in = 3;
  clock_edge(pe);
  // load and the first wave at the same edge: the new weight (-5) multiplies, not the old 3.
  pe.weight_in = static_cast<std::uint8_t>(-5);
  pe.act_in = 7;
  pe.valid_in = 1;
  pe.window_end = 1;
  pe.psum_in = 100;
  clock_edge(pe);
  EXPECT_EQ(static_cast<std::int32_t>(pe.psum_out), 100 - 35);
  pe.load = 0;
  pe.weight_in = 0;
  clock_edge(pe);
  EXPECT_EQ(static_cast<std::int32_t>(pe.psum_out), 100 - 35);  // the register kept -5
}

TEST(RtlBitParallelPe, ValidBitTravelsWithTheActivationAndResetClearsIt) {
  VInt8x8Pe pe;
  pe.act_in = 9;
  pe.valid_in = 1;
  clock_edge(pe);
  EXPECT_EQ(pe.valid_out, 1);
  EXPECT_EQ(pe.act_out, 9);
  pe.rst = 1;
  clock_edge(pe);
  EXPECT_EQ(pe.valid_out, 0);
  pe.rst = 0;
  pe.valid_in = 0;
  clock_edge(pe);
  EXPECT_EQ(pe.valid_out, 0);
}
