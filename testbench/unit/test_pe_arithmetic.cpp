// PE arithmetic: the temporal PE's pulse-by-pulse additions equal a * w for every INT8
// activation and every codebook weight; the bit-parallel PEs check their operand ranges; the
// fast tile engine's bulk column sums equal a column of PEs chained wave by wave.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "codebook.hpp"
#include "fast_tile_engine.hpp"
#include "pe_arithmetic.hpp"
#include "timing_model.hpp"

using namespace fineq;

TEST(PeArithmetic, TemporalPeEqualsProductForAllInt8AndCodebookWeights) {
  for (const Codebook& book : {Codebook::default_codebook(), Codebook::symmetric_codebook()}) {
    std::vector<int> weights = book.normal_ascending();
    for (int v : book.outlier_ascending()) weights.push_back(v);
    const std::uint32_t window = static_cast<std::uint32_t>(book.max_magnitude());
    for (int a = -128; a <= 127; ++a) {
      for (int w : weights) {
        std::uint64_t pulses = 0;
        const std::int32_t from_zero = temporal_pe_wave(0, static_cast<std::int8_t>(a),
                                                        static_cast<std::int8_t>(w), window, pulses);
        ASSERT_EQ(from_zero, a * w) << "a=" << a << " w=" << w;
        ASSERT_EQ(pulses, static_cast<std::uint64_t>(std::abs(w)));
        const std::int32_t chained = temporal_pe_wave(-1000, static_cast<std::int8_t>(a),
                                                      static_cast<std::int8_t>(w), window, pulses);
        ASSERT_EQ(chained, -1000 + a * w);
      }
    }
  }
}

TEST(PeArithmetic, TemporalPeRejectsWeightsBeyondTheWindow) {
  std::uint64_t pulses = 0;
  EXPECT_THROW(temporal_pe_wave(0, 5, 3, 2, pulses), std::out_of_range);
  EXPECT_EQ(temporal_pe_wave(0, 5, -2, 2, pulses), -10);
}

TEST(PeArithmetic, BitParallelPesMultiplyWithinTheirOperandRanges) {
  for (int a = -127; a <= 127; ++a) {
    for (int w = -128; w <= 127; ++w) {
      const auto a8 = static_cast<std::int8_t>(a);
      const auto w8 = static_cast<std::int8_t>(w);
      ASSERT_EQ(bit_parallel_pe_wave(PeKind::Int8x8, 7, a8, w8), 7 + a * w);
      if (w >= -8 && w <= 7) {
        ASSERT_EQ(bit_parallel_pe_wave(PeKind::Int8x4, 0, a8, w8), a * w);
      } else {
        ASSERT_THROW(bit_parallel_pe_wave(PeKind::Int8x4, 0, a8, w8), std::out_of_range);
      }
    }
  }
  EXPECT_THROW(bit_parallel_pe_wave(PeKind::Int8x8, 0, -128, 1), std::out_of_range);
  EXPECT_THROW(bit_parallel_pe_wave(PeKind::Temporal, 0, 1, 1), std::invalid_argument);
}

TEST(PeArithmetic, FastTileEngineEqualsChainedPes) {
  std::mt19937_64 rng(7);
  const Codebook book = Codebook::default_codebook();
  std::uniform_int_distribution<int> activation(-127, 127);
  std::uniform_int_distribution<int> weight(-4, 3);
  for (const PeKind pe : {PeKind::Temporal, PeKind::Int8x4, PeKind::Int8x8}) {
    AcceleratorConfig config;
    config.rows = 7;
    config.cols = 5;
    config.pe = pe;
    Fold fold;
    fold.r_used = 6;
    fold.c_used = 4;
    const std::uint32_t chunk_rows = 3;
    const std::uint32_t k = 9;  // activation row stride
    std::vector<std::int8_t> a(chunk_rows * k);
    std::vector<std::int8_t> w(fold.c_used * fold.r_used);
    for (auto& v : a) v = static_cast<std::int8_t>(activation(rng));
    for (auto& v : w) v = static_cast<std::int8_t>(weight(rng));
    std::vector<std::int32_t> sums(chunk_rows * config.cols, 11);  // partial sums entering the top

    FoldOperands operands;
    operands.config = &config;
    operands.fold = &fold;
    operands.chunk_rows = chunk_rows;
    operands.activations = a.data();
    operands.activation_stride = k;
    operands.weights = w.data();
    operands.codebook_max_magnitude = book.max_magnitude();
    operands.column_sums = sums.data();
    operands.column_sum_stride = config.cols;
    const FoldOutcome outcome = FastTileEngine().compute_fold(operands);

    std::uint64_t pulses = 0;
    for (std::uint32_t m = 0; m < chunk_rows; ++m) {
      for (std::uint32_t c = 0; c < fold.c_used; ++c) {
        std::int32_t partial = 11;  // down the column, PE row by PE row
        for (std::uint32_t r = 0; r < fold.r_used; ++r) {
          const std::int8_t av = a[m * k + r];
          const std::int8_t wv = w[c * fold.r_used + r];
          partial = pe == PeKind::Temporal
                        ? temporal_pe_wave(partial, av, wv, book.max_magnitude(), pulses)
                        : bit_parallel_pe_wave(pe, partial, av, wv);
        }
        EXPECT_EQ(sums[m * config.cols + c], partial);
      }
      EXPECT_EQ(sums[m * config.cols + fold.c_used], 11);  // unused column untouched
    }
    if (pe == PeKind::Temporal) {
      EXPECT_EQ(outcome.activity.pulses, pulses);
      // Fixed window: Lf = R = 7 (no clusters), 7 + (3 + 7 - 1) * 4 + 5 - 1 = 47.
      EXPECT_EQ(outcome.compute_cycles, 47u);
    } else {
      EXPECT_EQ(outcome.activity.multiplies, std::uint64_t{chunk_rows} * 6 * 4);
      // 2R + C + Mc - 2 = 14 + 5 + 3 - 2 = 20.
      EXPECT_EQ(outcome.compute_cycles, 20u);
    }
  }
}
