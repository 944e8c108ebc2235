#pragma once
// PB-LLM-style partially binarized baseline (Shang et al. 2023): the given fraction of the
// matrix's weights with the largest magnitude (salient) stays in FP16, every other weight
// becomes sign(w) * alpha_row, alpha_row = the mean |w| of the row's binarized weights (the
// least-squares scale of a sign code), stored in FP16. Stored as Encoding::BinaryWithFp16:
// 2-bit codes -1/+1 for binarized weights and 0 marking a salient one (a sign bit plus a
// salient-bitmap bit per weight), and the salient FP16 values row-major. Saliency is by
// magnitude (no calibration needed); docs/quantization.md.
#include <cstdint>
#include <string>

#include "quantizer.hpp"

namespace fineq {

// Number of salient (FP16) weights of an N x K matrix: round(fraction * N * K).
std::uint64_t salient_weight_count(double fraction, std::uint64_t weights);

// Expects a validated config with method PbLlm and finite weights that fit FP16.
QuantizationResult quantize_pbllm(const std::string& name, std::uint32_t rows, std::uint32_t cols,
                                  const float* w, const QuantizerConfig& config);

}  // namespace fineq
