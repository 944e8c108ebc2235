// Calibration statistics: LayerHessian's batched float sums against a direct double sum, and
// the collector's layer-0 attention Hessian against the input derived by hand from the
// checkpoint (RMSNorm of the token embeddings), on a tiny checkpoint written by the test.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "calibration_tokens.hpp"
#include "layer_hessian.hpp"
#include "layer_hessian_collector.hpp"
#include "llama2c_checkpoint.hpp"
#include "tiny_llama.hpp"

using namespace fineq;

TEST(LayerHessian, BatchedSumsMatchADirectDoubleSum) {
  const std::uint32_t cols = 9, count = 700;  // several batches of 256 inputs
  std::mt19937 rng(3);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> x(count * cols);
  for (float& v : x) v = normal(rng);
  for (std::uint32_t t = 0; t < count; t += 7) x[t * cols + 4] = 0.0f;  // zeros are skipped
  LayerHessian hessian(cols);
  hessian.add_inputs(x.data(), 300);
  hessian.add_inputs(x.data() + 300 * cols, count - 300);
  EXPECT_EQ(hessian.samples(), count);
  for (std::uint32_t i = 0; i < cols; ++i) {
    for (std::uint32_t j = 0; j < cols; ++j) {
      double expected = 0.0;
      for (std::uint32_t t = 0; t < count; ++t) expected += double{x[t * cols + i]} * x[t * cols + j];
      EXPECT_NEAR(hessian.at(i, j), expected, 1e-4 * count) << i << ", " << j;
      EXPECT_EQ(hessian.at(i, j), hessian.at(j, i));
    }
  }
}

TEST(LayerHessianCollector, AttentionInputOfLayerZeroIsTheNormalizedEmbedding) {
  test::TinyLlama tiny;
  tiny.randomize(5);
  const Llama2cCheckpoint checkpoint = load_llama2c_checkpoint(tiny.write("tiny_calibration.bin"));
  const TokenSequences sequences = {{1, 4, 7, 2}, {3, 3, 9}};
  LayerHessianCollector collector(checkpoint.config);
  collector.collect(checkpoint, sequences);
  const std::uint32_t dim = tiny.dim;
  std::vector<double> expected(dim * dim, 0.0);
  for (const auto& sequence : sequences) {
    for (std::uint32_t token : sequence) {
      const float* e = tiny.embedding.data() + token * dim;
      double mean_square = 0.0;
      for (std::uint32_t i = 0; i < dim; ++i) mean_square += double{e[i]} * e[i] / dim;
      std::vector<double> xb(dim);
      for (std::uint32_t i = 0; i < dim; ++i) xb[i] = tiny.rms_att[i] * e[i] / std::sqrt(mean_square + 1e-5);
      for (std::uint32_t i = 0; i < dim; ++i) {
        for (std::uint32_t j = 0; j < dim; ++j) expected[i * dim + j] += xb[i] * xb[j];
      }
    }
  }
  const LayerHessian& wq = collector.hessian(0, LinearKind::Wq);
  EXPECT_EQ(wq.samples(), 7u);
  EXPECT_EQ(&collector.hessian(0, LinearKind::Wk), &wq);  // q, k, v read the same input
  EXPECT_EQ(&collector.hessian(0, LinearKind::Wv), &wq);
  EXPECT_EQ(&collector.hessian(1, LinearKind::W3), &collector.hessian(1, LinearKind::W1));
  EXPECT_EQ(collector.hessian(1, LinearKind::W2).cols(), static_cast<std::uint32_t>(tiny.hidden));
  for (std::uint32_t i = 0; i < dim * dim; ++i) {
    EXPECT_NEAR(wq.at(i / dim, i % dim), expected[i], 1e-4 * (1.0 + std::fabs(expected[i])));
  }
}
