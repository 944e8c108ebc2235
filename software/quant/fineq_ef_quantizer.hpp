#pragma once
// FineQ with error feedback: GPTQ's lazy-batch error feedback with one FineQ-v1 cluster (3
// consecutive columns) as the unit. For each cluster and row, every mode the rule allows
// (normal, prune 0/1/2) is tried with GPTQ's feedback inside the cluster, and the one with
// the lowest Hessian-weighted error sum z_j^2 wins (z_j = (w_j - q_j) / U_jj, the rise of
// the layer's output error); its error then feeds the columns not yet quantized. The
// result is ordinary FineQ-v1: same format, decoder and accelerator. Scales come from
// FineQ's clipping-ratio search: per row on the original weights (exactly plain FineQ's
// scales), per group on the group's weights when quantization reaches it.
#include <cstdint>
#include <string>

#include "layer_hessian.hpp"
#include "quantizer.hpp"

namespace fineq {

// Expects a validated config with method FineqEf, finite weights whose scales fit FP16 and
// a cols x cols Hessian (quantize_matrix_measured checks all three).
QuantizationResult quantize_fineq_ef(const std::string& name, std::uint32_t rows, std::uint32_t cols,
                                     const float* w, const QuantizerConfig& config,
                                     const LayerHessian& hessian);

}  // namespace fineq
