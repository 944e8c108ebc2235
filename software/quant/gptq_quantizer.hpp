#pragma once
// GPTQ (Frantar et al. 2022) with symmetric INTb codes stored like RTN (Encoding::IntB):
// columns are quantized one at a time and each column's rounding error is fed into the
// columns not yet quantized through the inverse-Hessian factor, with lazy batches, damping
// and optional act-order. Scales come from RTN's clipping-ratio search: per row on the
// original weights; per group (without act-order) on the group's weights as they are when
// quantization reaches it; with act-order, per group on the original weights (GPTQ's
// "static groups"). docs/quantization.md.
#include <cstdint>
#include <string>

#include "layer_hessian.hpp"
#include "quantizer.hpp"

namespace fineq {

// Expects a validated config with method Gptq, finite weights whose scales fit FP16 and a
// cols x cols Hessian (quantize_matrix_measured checks all three).
QuantizationResult quantize_gptq(const std::string& name, std::uint32_t rows, std::uint32_t cols,
                                 const float* w, const QuantizerConfig& config,
                                 const LayerHessian& hessian);

}  // namespace fineq
