#pragma once
// The integer path of FINEQ-SPEC section 4, what the accelerator computes: per-token INT8
// activations (quantize_activations), integer weights, INT32 accumulation and the exact FP32
// output formula, all by golden_gemm_decoded on the matrix's decode_all() form and scales,
// which is what golden_gemm does, so y == golden_gemm(quantize_activations(x), matrix)
// bit for bit. The decoded form is prepared once per matrix, not per token.
//
// OWQ-style matrices keep some columns in FP16, which the integer datapath cannot run (their
// integer codes are 0): their contribution sum_c x[c] * w_fp16[n][c] is added in FP32 with
// the unquantized activations, beside the integer GEMM, as a mixed-precision accelerator with
// an FP16 side path would.
#include <vector>

#include "quantized_model.hpp"

namespace fineq {

class IntegerLinearLayers : public LinearLayers {
 public:
  explicit IntegerLinearLayers(const QuantizedModel& model);
  void apply(std::uint32_t layer, LinearKind kind, const float* x, std::uint32_t m, float* y) override;

 private:
  struct DecodedMatrix {
    std::uint32_t rows = 0, cols = 0, group_size = 0;
    std::vector<std::int8_t> weights;  // N x K
    std::vector<float> scales;         // N x groups
    std::vector<std::uint32_t> fp16_columns;
    std::vector<float> fp16_values;  // N x fp16_columns.size()
  };
  std::vector<DecodedMatrix> matrices_;  // linear_index order
};

}  // namespace fineq
