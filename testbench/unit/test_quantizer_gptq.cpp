// GPTQ: the inverse-Hessian factor against an explicit inverse, the lazy-batch Cholesky
// implementation against the unblocked column-by-column OBQ update written here in double
// precision with an explicit inverse, and its properties (H = I gives RTN; lower output
// error than RTN on correlated inputs); bad Hessians.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "expect_contains.hpp"
#include "fp16.hpp"
#include "hessian_oracle.hpp"
#include "inverse_hessian_factor.hpp"
#include "quantizer.hpp"
#include "synthetic.hpp"

using namespace fineq;

namespace {

QuantizerConfig gptq_config(unsigned bits, std::uint32_t group) {
  QuantizerConfig config;
  config.method = QuantMethod::Gptq;
  config.bits = bits;
  config.group = group;
  return config;
}

// RTN's scale (clipping-ratio search) of a weight segment, FP16 as stored.
float rtn_scale(const std::vector<float>& segment, unsigned bits) {
  QuantizerConfig config;
  config.method = QuantMethod::Rtn;
  config.bits = bits;
  const QuantizedMatrix m = quantize_matrix("s", 1, static_cast<std::uint32_t>(segment.size()), segment.data(), config);
  return m.scale(0, 0);
}

// The unblocked OBQ/GPTQ update: column by column in `order`, each error fed into every
// later column through the explicit inverse, which then drops the quantized column. Lazy
// groups take RTN's scale of the group's current weights when the first column is reached;
// static (act-order) groups and per-row scales that of the original weights.
std::vector<int> reference_codes(const std::vector<float>& w, std::uint32_t rows, std::uint32_t cols,
                                 const std::vector<double>& h, double damping, unsigned bits,
                                 std::uint32_t group, const std::vector<std::uint32_t>& order) {
  double mean_diagonal = 0.0;
  for (std::uint32_t i = 0; i < cols; ++i) mean_diagonal += h[i * cols + i] / cols;
  const std::vector<double> inverse = oracle::damped_inverse(h, cols, damping * mean_diagonal);
  const int lo = -(1 << (bits - 1)), hi = (1 << (bits - 1)) - 1;
  const std::uint32_t width = group == 0 ? cols : group;
  std::vector<int> codes(static_cast<std::size_t>(rows) * cols);
  for (std::uint32_t r = 0; r < rows; ++r) {
    std::vector<double> row(w.begin() + r * cols, w.begin() + (r + 1) * cols);
    std::vector<double> hinv = inverse;
    std::vector<float> scale((cols + width - 1) / width);
    for (std::size_t g = 0; g < scale.size(); ++g) {  // original weights
      scale[g] = rtn_scale(std::vector<float>(w.begin() + r * cols + g * width,
                                              w.begin() + r * cols + std::min<std::size_t>(cols, (g + 1) * width)),
                           bits);
    }
    for (std::uint32_t step = 0; step < cols; ++step) {
      const std::uint32_t i = order.empty() ? step : order[step];
      if (group != 0 && order.empty() && i % group == 0 && i != 0) {  // lazy group
        std::vector<float> current(row.begin() + i, row.begin() + std::min(cols, i + group));
        scale[i / group] = rtn_scale(current, bits);
      }
      const float s = scale[i / width];
      const int code = s == 0.0f ? 0 : static_cast<int>(std::min<double>(std::max<double>(std::round(static_cast<float>(row[i]) / s), lo), hi));
      codes[r * cols + i] = code;
      const double e = (row[i] - static_cast<double>(code) * s) / hinv[i * cols + i];
      for (std::uint32_t j = 0; j < cols; ++j) {
        if (j != i) row[j] -= e * hinv[i * cols + j];
      }
      oracle::eliminate(hinv, cols, i);
      row[i] = 0.0;
    }
  }
  return codes;
}

std::vector<int> codes_of(const QuantizedMatrix& m) {
  const std::vector<std::int8_t> codes = m.decode_all();
  return std::vector<int>(codes.begin(), codes.end());
}

}  // namespace

TEST(InverseHessianFactor, UpperFactorOfTheDampedInverse) {
  const std::uint32_t cols = 13;
  const std::vector<double> h = oracle::gram(oracle::correlated_inputs(300, cols, 1), cols);
  const LayerHessian hessian = oracle::hessian_of(h, cols);
  const InverseHessianFactor factor(hessian, 0.01, {}, "t");
  double mean_diagonal = 0.0;
  for (std::uint32_t i = 0; i < cols; ++i) mean_diagonal += h[i * cols + i] / cols;
  EXPECT_NEAR(factor.damping_added(), 0.01 * mean_diagonal, 1e-12 * mean_diagonal);
  const std::vector<double> inverse = oracle::damped_inverse(h, cols, 0.01 * mean_diagonal);
  for (std::uint32_t i = 0; i < cols; ++i) {
    EXPECT_GT(factor.at(i, i), 0.0f);
    for (std::uint32_t j = 0; j < cols; ++j) {
      if (j < i) {
        EXPECT_EQ(factor.at(i, j), 0.0f);
      }
      double product = 0.0;  // (U^T U)_ij
      for (std::uint32_t k = 0; k <= std::min(i, j); ++k) product += double{factor.at(k, i)} * factor.at(k, j);
      EXPECT_NEAR(product, inverse[i * cols + j], 1e-5 * std::fabs(inverse[i * cols + i]));
    }
  }
}

TEST(Gptq, MatchesTheUnblockedColumnByColumnReference) {
  const std::uint32_t rows = 12, cols = 40;
  const std::vector<float> w = make_llm_like_weights(rows, cols, 21);
  const std::vector<double> h = oracle::gram(oracle::correlated_inputs(500, cols, 2), cols);
  const LayerHessian hessian = oracle::hessian_of(h, cols);
  for (unsigned bits : {2u, 3u, 4u}) {
    for (std::uint32_t group : {0u, 8u}) {
      for (bool act_order : {false, true}) {
        SCOPED_TRACE(std::to_string(bits) + " bits, group " + std::to_string(group) +
                     (act_order ? ", act-order" : ""));
        QuantizerConfig config = gptq_config(bits, group);
        config.block_size = 16;  // several lazy batches (and a partial one)
        config.act_order = act_order;
        const QuantizedMatrix q = quantize_matrix("g", rows, cols, w.data(), config, &hessian);
        const std::vector<std::uint32_t> order = act_order ? fineq::act_order(hessian) : std::vector<std::uint32_t>{};
        if (act_order) {
          std::vector<std::uint32_t> natural(cols);
          std::iota(natural.begin(), natural.end(), 0u);
          ASSERT_NE(order, natural);  // the reordering is exercised
        }
        EXPECT_EQ(codes_of(q), reference_codes(w, rows, cols, h, 0.01, bits, group, order));
      }
    }
  }
}

TEST(Gptq, BlockSizeAndThreadsDoNotChangeTheResult) {
  const std::uint32_t rows = 40, cols = 70;
  const std::vector<float> w = make_llm_like_weights(rows, cols, 5);
  const LayerHessian hessian = oracle::hessian_of(oracle::gram(oracle::correlated_inputs(400, cols, 3), cols), cols);
  QuantizerConfig config = gptq_config(3, 0);
  const QuantizedMatrix reference = quantize_matrix("g", rows, cols, w.data(), config, &hessian);
  config.block_size = 7;
  config.threads = 3;
  const QuantizedMatrix other = quantize_matrix("g", rows, cols, w.data(), config, &hessian);
  // The lazy batch only regroups the same updates: the float sums may differ in the last bit,
  // which can move a rounding that sits exactly on a tie; allow none here.
  EXPECT_EQ(other.payload, reference.payload);
  EXPECT_EQ(other.scales, reference.scales);
}

TEST(Gptq, IdentityHessianGivesRtn) {
  const std::uint32_t rows = 20, cols = 300;
  const std::vector<float> w = make_llm_like_weights(rows, cols, 8);
  std::vector<double> identity(static_cast<std::size_t>(cols) * cols, 0.0);
  for (std::uint32_t i = 0; i < cols; ++i) identity[i * cols + i] = 1.0;
  const LayerHessian hessian = oracle::hessian_of(identity, cols);
  for (unsigned bits : {2u, 3u, 4u}) {
    for (std::uint32_t group : {0u, 128u}) {
      QuantizerConfig rtn = gptq_config(bits, group);
      rtn.method = QuantMethod::Rtn;
      const QuantizedMatrix expected = quantize_matrix("m", rows, cols, w.data(), rtn);
      const QuantizedMatrix got = quantize_matrix("m", rows, cols, w.data(), gptq_config(bits, group), &hessian);
      EXPECT_EQ(got.payload, expected.payload) << bits << " bits, group " << group;
      EXPECT_EQ(got.scales, expected.scales) << bits << " bits, group " << group;
    }
  }
}

TEST(Gptq, LowerOutputErrorThanRtnOnCorrelatedInputs) {
  const std::uint32_t rows = 64, cols = 128;
  const std::vector<float> w = make_llm_like_weights(rows, cols, 9);
  const std::vector<double> h = oracle::gram(oracle::correlated_inputs(1000, cols, 4), cols);
  const LayerHessian hessian = oracle::hessian_of(h, cols);
  for (unsigned bits : {2u, 3u, 4u}) {
    for (std::uint32_t group : {0u, 32u}) {
      QuantizerConfig rtn = gptq_config(bits, group);
      rtn.method = QuantMethod::Rtn;
      const double rtn_error = oracle::output_error(h, rows, cols, w.data(),
                                                    quantize_matrix("m", rows, cols, w.data(), rtn).dequantize());
      const double gptq_error = oracle::output_error(
          h, rows, cols, w.data(), quantize_matrix("m", rows, cols, w.data(), gptq_config(bits, group), &hessian).dequantize());
      EXPECT_LT(gptq_error, 0.7 * rtn_error) << bits << " bits, group " << group;
    }
  }
}

TEST(Gptq, BadHessiansAreRejected) {
  const std::uint32_t rows = 4, cols = 6;
  const std::vector<float> w = make_llm_like_weights(rows, cols, 1);
  QuantizerConfig config = gptq_config(3, 0);
  EXPECT_THROW_CONTAINS(quantize_matrix("layers.0.wq", rows, cols, w.data(), config),
                        std::invalid_argument, "layers.0.wq': method gptq needs calibration data");
  const LayerHessian small = oracle::hessian_of(std::vector<double>(25, 0.0), 5);
  EXPECT_THROW_CONTAINS(quantize_matrix("m", rows, cols, w.data(), config, &small), std::invalid_argument,
                        "Hessian is 5x5, expected 6x6");
  std::vector<double> h(36, 0.0);
  for (std::uint32_t i = 0; i < cols; ++i) h[i * cols + i] = 1.0;
  h[2 * cols + 3] = h[3 * cols + 2] = std::nan("");
  const LayerHessian not_finite = oracle::hessian_of(h, cols);
  EXPECT_THROW_CONTAINS(quantize_matrix("m", rows, cols, w.data(), config, &not_finite), std::invalid_argument,
                        "Hessian entry (2, 3) is nan");
  // Rank one (all inputs equal): singular without damping.
  const LayerHessian singular = oracle::hessian_of(std::vector<double>(36, 2.0), cols);
  config.damping = 0.0;
  EXPECT_THROW_CONTAINS(quantize_matrix("m", rows, cols, w.data(), config, &singular), std::invalid_argument,
                        "not positive definite even with damping 0 (0 x mean diagonal 2)");
  config.damping = 0.01;
  EXPECT_NO_THROW(quantize_matrix("m", rows, cols, w.data(), config, &singular));
  config.damping = -1.0;
  EXPECT_THROW_CONTAINS(quantize_matrix("m", rows, cols, w.data(), config, &singular), std::invalid_argument,
                        "damping: expected");
}
