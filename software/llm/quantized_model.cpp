#include "quantized_model.hpp"

namespace fineq {

QuantizedModel quantize_model(const Llama2cCheckpoint& checkpoint, const QuantizerConfig& config) {
  QuantizedModel model;
  QuantReport report(config, "");
  for (const FloatMatrix& matrix : linear_weights(checkpoint)) {
    model.matrices.push_back(quantize_matrix(matrix.name, matrix.rows, matrix.cols, matrix.values.data(), config));
    report.add(measure_matrix(model.matrices.back(), matrix.values.data()));
  }
  model.bits_per_weight = report.bits_per_weight();
  model.mean_rel_error = report.mean_rel_error();
  return model;
}

}  // namespace fineq
