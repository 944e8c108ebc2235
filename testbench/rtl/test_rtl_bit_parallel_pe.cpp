// rtl/bit_parallel_pe.v, verilated as the int8x8 PE (WEIGHT_BITS 8) and the int8x4 PE
// (WEIGHT_BITS 4), against bit_parallel_pe_wave() (model/pe/pe_arithmetic.cpp): every weight
// the PE can hold x every INT8 activation, one MAC per clock, weights through the shift chain.
#include <gtest/gtest.h>

#include <random>

#include "VInt8x4Pe.h"
#include "VInt8x8Pe.h"
#include "pe_arithmetic.hpp"
#include "verilated_clock.hpp"

using fineq_rtl_test::clock_edge;
using fineq_rtl_test::signed_value;

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
    // The weight shifts in from above and is visible to the PE below from the next clock.
    pe.weight_shift = 1;
    pe.weight_in = static_cast<std::uint8_t>(w) & ((1u << weight_bits) - 1);
    clock_edge(pe);
    pe.weight_shift = 0;
    pe.weight_in = 0;
    ASSERT_EQ(signed_value(pe.weight_out, weight_bits), w);
    for (int a = -128; a <= 127; ++a) {
      const std::int32_t from_above = partial_sums(rng);
      pe.act_in = static_cast<std::uint8_t>(a);
      pe.act_valid_in = 1;
      pe.psum_load = 1;
      pe.psum_in = static_cast<std::uint32_t>(from_above);
      clock_edge(pe);
      pe.eval();
      const std::int32_t out = static_cast<std::int32_t>(pe.psum_out);
      if (a == -128) {
        // Outside the symmetric INT8 range the C++ PE refuses; the RTL still multiplies.
        ASSERT_THROW(fineq::bit_parallel_pe_wave(kind, from_above, static_cast<std::int8_t>(a),
                                                 static_cast<std::int8_t>(w)),
                     std::out_of_range);
        ASSERT_EQ(out, from_above + a * w);
      } else {
        ASSERT_EQ(out, fineq::bit_parallel_pe_wave(kind, from_above, static_cast<std::int8_t>(a),
                                                   static_cast<std::int8_t>(w)))
            << "w=" << w << " a=" << a;
      }
      ASSERT_EQ(static_cast<std::int8_t>(pe.act_out), a);
      ASSERT_EQ(pe.act_valid_out, 1);
      // Without psum_load the PE keeps accumulating into its own register.
      pe.psum_load = 0;
      clock_edge(pe);
      ASSERT_EQ(static_cast<std::int32_t>(pe.psum_out), from_above + 2 * a * w) << "w=" << w << " a=" << a;
      // The weight register holds while weight_shift is low.
      ASSERT_EQ(signed_value(pe.weight_out, weight_bits), w);
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

TEST(RtlBitParallelPe, ValidBitTravelsWithTheActivationAndResetClearsIt) {
  VInt8x8Pe pe;
  pe.act_in = 9;
  pe.act_valid_in = 1;
  clock_edge(pe);
  EXPECT_EQ(pe.act_valid_out, 1);
  EXPECT_EQ(pe.act_out, 9);
  pe.rst = 1;
  clock_edge(pe);
  EXPECT_EQ(pe.act_valid_out, 0);
  pe.rst = 0;
  pe.act_valid_in = 0;
  clock_edge(pe);
  EXPECT_EQ(pe.act_valid_out, 0);
}
