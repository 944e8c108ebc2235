// The weight decoder reproduces QuantizedMatrix::decode_all on every fold, for fineq-v1 with
// k-ranges that cut clusters and for IntB widths 2..8 with k-ranges that cut bytes.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "fold_plan.hpp"
#include "fp16.hpp"
#include "weight_decoder.hpp"

using namespace fineq;

namespace {
QuantizedMatrix random_tensor(Encoding encoding, std::uint8_t bits, std::uint32_t n,
                              std::uint32_t k, const Codebook& book, std::mt19937_64& rng) {
  QuantizedMatrix w;
  w.rows = n;
  w.cols = k;
  w.encoding = encoding;
  w.bits = bits;
  w.codebook = book;
  std::uniform_int_distribution<int> byte(0, 255);
  w.payload.resize(std::size_t{n} * w.row_bytes());
  for (auto& b : w.payload) b = static_cast<std::uint8_t>(byte(rng));
  w.scales.assign(n, float_to_half(1.0f));
  return w;
}

// Decodes every fold from its packed bytes (as the DMA engine places them) and compares.
void expect_folds_match(const QuantizedMatrix& w, std::uint32_t rows, std::uint32_t cols) {
  AcceleratorConfig config;
  config.rows = rows;
  config.cols = cols;
  const FoldPlan plan = plan_folds({1, w.cols, w.rows}, WeightLayout::of(w), config);
  const std::vector<std::int8_t> expected = w.decode_all();
  WeightDecoder decoder;
  decoder.program(plan.layout, w.codebook);
  for (const Fold& fold : plan.folds) {
    std::vector<std::uint8_t> packed;
    for (std::uint32_t c = 0; c < fold.c_used; ++c) {
      const std::uint8_t* row = w.payload.data() + std::size_t{fold.n0 + c} * w.row_bytes();
      packed.insert(packed.end(), row + fold.first_byte,
                    row + fold.first_byte + fold.bytes_per_channel);
    }
    std::vector<std::int8_t> tile(std::size_t{fold.c_used} * fold.r_used);
    const std::uint64_t clusters = decoder.decode_fold(fold, packed.data(), tile.data());
    EXPECT_EQ(clusters, fold.clusters());
    for (std::uint32_t c = 0; c < fold.c_used; ++c) {
      for (std::uint32_t r = 0; r < fold.r_used; ++r) {
        ASSERT_EQ(tile[c * fold.r_used + r],
                  expected[std::size_t{fold.n0 + c} * w.cols + fold.k0 + r])
            << "fold k0=" << fold.k0 << " n0=" << fold.n0 << " c=" << c << " r=" << r;
      }
    }
  }
}
}  // namespace

TEST(WeightDecoder, FineQFoldsCuttingClusters) {
  std::mt19937_64 rng(3);
  for (const Codebook& book : {Codebook::default_codebook(), Codebook::symmetric_codebook()}) {
    for (std::uint32_t k : {1u, 2u, 10u, 31u, 100u}) {
      expect_folds_match(random_tensor(Encoding::FineQV1, 0, 7, k, book, rng), 4, 3);
      expect_folds_match(random_tensor(Encoding::FineQV1, 0, 7, k, book, rng), 5, 8);
    }
  }
}

TEST(WeightDecoder, IntBFoldsCuttingBytes) {
  std::mt19937_64 rng(4);
  for (std::uint8_t bits = 2; bits <= 8; ++bits) {
    for (std::uint32_t k : {1u, 13u, 64u}) {
      expect_folds_match(
          random_tensor(Encoding::IntB, bits, 5, k, Codebook::default_codebook(), rng), 5, 2);
    }
  }
}
