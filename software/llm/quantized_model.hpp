#pragma once
// Every block linear layer of a checkpoint quantized with one configuration, in
// linear_weights() order (layer * 7 + kind), with the weight error and storage cost.
#include <functional>
#include <vector>

#include "linear_layers.hpp"
#include "quant_report.hpp"

namespace fineq {

struct QuantizedModel {
  std::vector<QuantizedMatrix> matrices;
  double bits_per_weight = 0.0;  // QuantReport::bits_per_weight over all block matrices
  double mean_rel_error = 0.0;   // QuantReport::mean_rel_error

  const QuantizedMatrix& matrix(std::uint32_t layer, LinearKind kind) const {
    return matrices.at(linear_index(layer, kind));
  }
};

// The input Hessian of block `layer`'s matrix `kind`, for the methods that need calibration.
using LayerHessians = std::function<const LayerHessian*(std::uint32_t layer, LinearKind kind)>;

// Quantizes the 7 * n_layers matrices (config.threads as given). Throws std::invalid_argument
// as quantize_matrix does (also when the method needs Hessians and none are given).
QuantizedModel quantize_model(const Llama2cCheckpoint& checkpoint, const QuantizerConfig& config,
                              const LayerHessians& hessians = {});

}  // namespace fineq
