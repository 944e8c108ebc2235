#include "quantized_model.hpp"

namespace fineq {

QuantizedModel quantize_model(const Llama2cCheckpoint& checkpoint, const QuantizerConfig& config,
                              const LayerHessians& hessians) {
  QuantizedModel model;
  QuantReport report(config, "");
  const std::vector<FloatMatrix> matrices = linear_weights(checkpoint);
  for (std::size_t i = 0; i < matrices.size(); ++i) {
    const FloatMatrix& matrix = matrices[i];
    const LayerHessian* hessian =
        hessians ? hessians(static_cast<std::uint32_t>(i / kLinearKindCount), kLinearKinds[i % kLinearKindCount])
                 : nullptr;
    model.matrices.push_back(
        quantize_matrix(matrix.name, matrix.rows, matrix.cols, matrix.values.data(), config, hessian));
    report.add(measure_matrix(model.matrices.back(), matrix.values.data()));
  }
  model.bits_per_weight = report.bits_per_weight();
  model.mean_rel_error = report.mean_rel_error();
  return model;
}

}  // namespace fineq
