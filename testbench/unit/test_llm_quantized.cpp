// The quantized back ends: the integer path equals golden_gemm bit for bit for every method,
// OWQ's FP16 columns are added beside it, INT8 weights land close to FP32, and the method
// spellings parse or fail with a clear message.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "dequantized_linear_layers.hpp"
#include "expect_contains.hpp"
#include "fp16.hpp"
#include "fp32_linear_layers.hpp"
#include "golden.hpp"
#include "integer_linear_layers.hpp"
#include "tiny_llama.hpp"
#include "transformer.hpp"
#include "weight_method.hpp"

using namespace fineq;
using fineq::test::TinyLlama;

namespace {

Llama2cCheckpoint tiny_checkpoint(const std::string& name) {
  TinyLlama tiny;
  tiny.dim = 16, tiny.hidden = 20, tiny.heads = 4, tiny.kv_heads = 2;  // K = 16 or 20: not multiples of 3
  tiny.randomize(11);
  return load_llama2c_checkpoint(tiny.write(name));
}

std::vector<float> random_input(std::uint32_t m, std::uint32_t k, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::vector<float> x(std::size_t(m) * k);
  for (float& v : x) v = normal(rng);
  return x;
}

}  // namespace

TEST(LlmQuantized, IntegerPathEqualsGoldenGemmForEveryMethod) {
  const Llama2cCheckpoint checkpoint = tiny_checkpoint("tiny_integer.bin");
  for (const char* spelling : {"fineq-min-error", "fineq-paper", "fineq-min-error-sym", "fineq-paper@g2", "rtn2",
                               "rtn3@g8", "rtn4", "rtn8"}) {
    const QuantizedModel model = quantize_model(checkpoint, *parse_weight_method(spelling).quantizer);
    IntegerLinearLayers linears(model);
    for (std::uint32_t layer = 0; layer < checkpoint.config.n_layers; ++layer) {
      for (LinearKind kind : kLinearKinds) {
        const QuantizedMatrix& matrix = model.matrix(layer, kind);
        const std::vector<float> x = random_input(3, matrix.cols, layer * 7 + unsigned(kind));
        std::vector<float> y(3 * matrix.rows);
        linears.apply(layer, kind, x.data(), 3, y.data());
        const std::vector<float> expected = golden_gemm(quantize_activations(x, 3, matrix.cols), matrix);
        ASSERT_EQ(y, expected) << spelling << " " << matrix.name;
      }
    }
  }
}

TEST(LlmQuantized, OwqAddsItsFp16ColumnsInFp32BesideTheIntegerGemm) {
  const Llama2cCheckpoint checkpoint = tiny_checkpoint("tiny_owq.bin");
  WeightMethod method = parse_weight_method("owq2");
  method.quantizer->fp16_column_fraction = 0.25;  // 4 or 5 of 16/20 columns
  const QuantizedModel model = quantize_model(checkpoint, *method.quantizer);
  IntegerLinearLayers linears(model);
  const QuantizedMatrix& matrix = model.matrix(1, LinearKind::W2);
  ASSERT_FALSE(matrix.fp16_columns.empty());
  const std::vector<float> x = random_input(2, matrix.cols, 5);
  std::vector<float> y(2 * matrix.rows);
  linears.apply(1, LinearKind::W2, x.data(), 2, y.data());
  // Integer part: the same matrix without its FP16 columns (their integer codes are 0).
  QuantizedMatrix integer_only = matrix;
  integer_only.encoding = Encoding::IntB;
  integer_only.fp16_columns.clear();
  integer_only.fp16_values.clear();
  const std::vector<float> integer_part = golden_gemm(quantize_activations(x, 2, matrix.cols), integer_only);
  const std::size_t columns = matrix.fp16_columns.size();
  for (std::uint32_t i = 0; i < 2; ++i) {
    for (std::uint32_t n = 0; n < matrix.rows; ++n) {
      double side = 0.0;
      for (std::size_t c = 0; c < columns; ++c) {
        side += double(x[i * matrix.cols + matrix.fp16_columns[c]]) * half_to_float(matrix.fp16_values[n * columns + c]);
      }
      EXPECT_NEAR(y[i * matrix.rows + n], integer_part[i * matrix.rows + n] + side, 1e-5) << "row " << n;
    }
  }
}

TEST(LlmQuantized, Int8WeightsOnTheIntegerPathLandCloseToFp32) {
  const Llama2cCheckpoint checkpoint = tiny_checkpoint("tiny_int8.bin");
  const QuantizedModel model = quantize_model(checkpoint, *parse_weight_method("rtn8").quantizer);
  IntegerLinearLayers integer(model);
  Fp32LinearLayers fp32(checkpoint);
  Transformer quantized(checkpoint, integer), reference(checkpoint, fp32);
  const std::uint32_t tokens[4] = {1, 5, 9, 2};
  const std::vector<float> a = quantized.forward(tokens, 4, 0);
  const std::vector<float> b = reference.forward(tokens, 4, 0);
  double max_diff = 0.0, max_abs = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    max_diff = std::max(max_diff, double(std::fabs(a[i] - b[i])));
    max_abs = std::max(max_abs, double(std::fabs(b[i])));
  }
  // INT8 x INT8 with per-token/per-channel scales: errors of about 1/127 relative per product.
  EXPECT_LT(max_diff, 0.03 * max_abs);
  EXPECT_GT(max_diff, 0.0);  // it is a different computation
}

TEST(LlmQuantized, DequantizedPathUsesTheDequantizedWeights) {
  const Llama2cCheckpoint checkpoint = tiny_checkpoint("tiny_dequant.bin");
  const QuantizedModel model = quantize_model(checkpoint, *parse_weight_method("fineq-paper").quantizer);
  DequantizedLinearLayers linears(checkpoint.config, model);
  const QuantizedMatrix& matrix = model.matrix(0, LinearKind::Wk);
  const std::vector<float> x = random_input(2, matrix.cols, 9);
  std::vector<float> y(2 * matrix.rows);
  linears.apply(0, LinearKind::Wk, x.data(), 2, y.data());
  const std::vector<float> expected = reference_gemm_fp32(x, 2, matrix.cols, matrix.dequantize(), matrix.rows);
  for (std::size_t i = 0; i < y.size(); ++i) EXPECT_NEAR(y[i], expected[i], 1e-5);
}

TEST(LlmWeightMethod, SpellingsAndErrors) {
  EXPECT_TRUE(parse_weight_method("fp32").is_fp32());
  const WeightMethod grouped = parse_weight_method("fineq-paper-sym@g42");
  EXPECT_EQ(grouped.quantizer->method, QuantMethod::FineQ);
  EXPECT_EQ(grouped.quantizer->rule, ClusterRule::Paper);
  EXPECT_EQ(grouped.quantizer->group, 42u);
  EXPECT_EQ(grouped.quantizer->codebook, Codebook::symmetric_codebook());
  const WeightMethod owq = parse_weight_method("owq3@g128");
  EXPECT_EQ(owq.quantizer->method, QuantMethod::Owq);
  EXPECT_EQ(owq.quantizer->bits, 3u);
  EXPECT_EQ(owq.quantizer->group, 128u);
  for (const char* bad : {"gptq", "rtn1", "rtn9", "rtn", "fineq-best", "rtn4@g", "rtn4@g0", "rtn4@gx", ""}) {
    try {
      parse_weight_method(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const std::invalid_argument& error) {
      EXPECT_CONTAINS(error.what(), "unknown method '" + std::string(bad) + "'");
    }
  }
  EXPECT_THROW(parse_weight_methods("rtn4,rtn4"), std::invalid_argument);
  EXPECT_EQ(parse_weight_methods("fp32,rtn4,fineq-paper").size(), 3u);
}
