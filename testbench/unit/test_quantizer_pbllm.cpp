// PB-LLM-style baseline: which weights stay FP16, the binarized values and scales derived
// by hand, the honest bit count, the .fqw round trip, and the integer datapath's refusal.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "expect_contains.hpp"
#include "fp16.hpp"
#include "fqw_file.hpp"
#include "golden.hpp"
#include "pbllm_quantizer.hpp"
#include "quantizer.hpp"
#include "synthetic.hpp"
#include "temp_path.hpp"
#include "tensor_statistics.hpp"

using namespace fineq;

namespace {
QuantizerConfig pbllm_config(double fraction) {
  QuantizerConfig config;
  config.method = QuantMethod::PbLlm;
  config.salient_fraction = fraction;
  return config;
}
}  // namespace

TEST(PbLlm, HandExample) {
  // 2 x 5, 20 % salient = round(0.2 * 10) = 2 weights: the largest magnitudes -9 and 8.
  const std::vector<float> w = {1.0f, -9.0f, 2.0f, -3.0f, 0.5f,  //
                                8.0f, 1.0f, -1.0f, 1.0f, -1.0f};
  const QuantizedMatrix q = quantize_matrix("m", 2, 5, w.data(), pbllm_config(0.2));
  EXPECT_EQ(q.encoding, Encoding::BinaryWithFp16);
  // Row 0 binarized: 1, 2, -3, 0.5 -> alpha = 6.5 / 4 = 1.625; row 1: 1, -1, 1, -1 -> 1.
  const std::vector<float> expected = {1.625f, -9.0f, 1.625f, -1.625f, 1.625f,  //
                                       8.0f, 1.0f, -1.0f, 1.0f, -1.0f};
  EXPECT_EQ(q.dequantize(), expected);
  EXPECT_EQ(q.decode_all(), (std::vector<std::int8_t>{1, 0, 1, -1, 1, 0, 1, -1, 1, -1}));
  EXPECT_EQ(q.fp16_values, (std::vector<std::uint16_t>{float_to_half(-9.0f), float_to_half(8.0f)}));
}

TEST(PbLlm, SalientShareBitsAndRoundTrip) {
  const std::uint32_t rows = 40, cols = 256;
  const std::vector<float> w = make_llm_like_weights(rows, cols, 4);
  const QuantizedMatrix q = quantize_matrix("layers.0.w1", rows, cols, w.data(), pbllm_config(0.1));
  ASSERT_EQ(q.fp16_values.size(), salient_weight_count(0.1, rows * cols));
  EXPECT_EQ(q.fp16_values.size(), 1024u);  // round(0.1 * 10240)
  // Every kept weight is at least as large as every binarized one.
  const std::vector<std::int8_t> codes = q.decode_all();
  float smallest_kept = INFINITY, largest_binarized = 0.0f;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (codes[i] == 0) {
      smallest_kept = std::min(smallest_kept, std::fabs(w[i]));
    } else {
      largest_binarized = std::max(largest_binarized, std::fabs(w[i]));
    }
  }
  EXPECT_GE(smallest_kept, largest_binarized);
  // 2 bits per weight (sign + salient flag), 16 per FP16 value, 16 per row scale.
  const double expected_bits = (2.0 * rows * cols + 16.0 * 1024 + 16.0 * rows) / (rows * cols);
  EXPECT_DOUBLE_EQ(compute_statistics(q).bits_per_weight, expected_bits);
  const std::string path = test::unique_temp_path("pbllm.fqw");
  write_fqw(path, {q});
  const std::vector<QuantizedMatrix> back = read_fqw(path);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].payload, q.payload);
  EXPECT_EQ(back[0].fp16_values, q.fp16_values);
  EXPECT_EQ(back[0].dequantize(), q.dequantize());
}

TEST(PbLlm, IntegerDatapathRefusesAndBadFractionsAreRejected) {
  const std::vector<float> w = make_llm_like_weights(4, 30, 2);
  const QuantizedMatrix q = quantize_matrix("m", 4, 30, w.data(), pbllm_config(0.1));
  const Int8Activations x = quantize_activations(std::vector<float>(30, 1.0f), 1, 30);
  EXPECT_THROW_CONTAINS(golden_gemm(x, q), std::invalid_argument,
                        "keeps FP16 weights (encoding binary+fp16), which the integer datapath cannot run");
  for (double bad : {-0.1, 1.0, std::nan("")}) {
    EXPECT_THROW_CONTAINS(quantize_matrix("m", 4, 30, w.data(), pbllm_config(bad)), std::invalid_argument,
                          "salient-fraction: expected 0 <= f < 1");
  }
}
