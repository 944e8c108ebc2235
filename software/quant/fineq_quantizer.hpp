#pragma once
// FineQ-v1 quantizer: clusters of 3 weights, each normal (three 2-bit codes) or with one
// position pruned and the other two as 3-bit outlier codes, chosen by the `paper` or the
// `min-error` rule; per-row or per-group FP16 scales from a clipping-ratio search.
#include <cstdint>
#include <string>

#include "quantizer.hpp"

namespace fineq {

// The `paper` rule's mode of a cluster: outlier when max|w| > T * min|w| (in float, strict),
// pruning the first position of smallest magnitude (returns p + 1); otherwise 0 (normal).
// An all-zero cluster fails the test and stays normal.
int paper_mode(float w0, float w1, float w2, float threshold);

// Expects a validated config with method FineQ and finite weights whose scales fit FP16
// (quantize_matrix_measured checks both).
QuantizationResult quantize_fineq(const std::string& name, std::uint32_t rows, std::uint32_t cols,
                                  const float* w, const QuantizerConfig& config);

}  // namespace fineq
