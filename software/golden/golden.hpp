#pragma once
// Golden reference of the arithmetic contract (FINEQ-SPEC section 4). The accelerator model
// must reproduce golden_gemm() bit for bit, compared with ==.
#include <cstdint>
#include <vector>

#include "quantized_matrix.hpp"

namespace fineq {

// INT8 symmetric activations, one FP32 scale per row (token): q = clamp(round(x/s), -127, 127)
// with s = max|x|/127 (s = 0 for an all-zero row, whose codes are then all 0).
struct Int8Activations {
  std::uint32_t rows = 0;  // M
  std::uint32_t cols = 0;  // K
  std::vector<std::int8_t> values;  // M x K row-major
  std::vector<float> scales;        // M
};

// Throws std::invalid_argument if x.size() != rows*cols or x holds a non-finite value.
Int8Activations quantize_activations(const std::vector<float>& x, std::uint32_t rows,
                                     std::uint32_t cols);

// Whether an INT32 accumulator over K products of INT8 activations (any byte, so |a| <= 128:
// quantize_activations stays within 127, device memory need not) and |w| <= max_abs_weight
// could overflow; when it cannot, no per-product check is needed.
bool accumulation_may_overflow(std::uint32_t k, int max_abs_weight);

// Y[m][n] = float(acc[m][n]) * (float(scale_w[n]) * scale_x[m]), M x N row-major.
// With group scales, each group's INT32 partial sum is scaled that way and the terms are
// summed in FP32 in group order. Throws std::overflow_error if an INT32 partial sum
// overflows, std::invalid_argument for mismatched K or an encoding with FP16 columns.
std::vector<float> golden_gemm(const Int8Activations& x, const QuantizedMatrix& w);

// Same contract on already-decoded integer weights (N x K) and their FP32 scales
// (N x groups_per_row): the form the accelerator's buffers hold.
std::vector<float> golden_gemm_decoded(const Int8Activations& x, const std::vector<std::int8_t>& w,
                                       std::uint32_t n, std::uint32_t group_size,
                                       const std::vector<float>& w_scales);

// FP32 reference with unquantized activations and dequantized weights (for error
// measurement, not bit-exact comparison): Y = X * W^T accumulated in double.
std::vector<float> reference_gemm_fp32(const std::vector<float>& x, std::uint32_t m,
                                       std::uint32_t k, const std::vector<float>& w,
                                       std::uint32_t n);

}  // namespace fineq
