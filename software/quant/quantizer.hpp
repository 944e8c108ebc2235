#pragma once
// Weight quantizers (FINEQ-SPEC section 3): FineQ-v1 clusters with the `paper` or `min-error`
// rule, the RTN INTb baseline, an OWQ-style mixed-precision baseline (INTb plus a few FP16
// columns), and the calibrated ones: GPTQ INTb, FineQ with GPTQ-style error feedback (both
// need the layer's input Hessian), and a PB-LLM-style baseline (binary plus FP16 salient
// weights). All search a grid of clipping ratios per scale group; docs/quantization.md
// describes every choice.
#include <cstdint>
#include <string>
#include <vector>

#include "codebook.hpp"
#include "layer_hessian.hpp"
#include "quantized_matrix.hpp"

namespace fineq {

enum class QuantMethod : std::uint8_t { FineQ, Rtn, Owq, Gptq, PbLlm, FineqEf };

const char* method_name(QuantMethod method);
// GPTQ and FineQ with error feedback need the layer's input Hessian (calibration data).
bool needs_calibration(QuantMethod method);
// "fineq", "rtn", "owq", "gptq", "pbllm", "fineq-ef"; throws std::invalid_argument otherwise.
QuantMethod parse_method(const std::string& text);
// "paper", "min-error"; throws std::invalid_argument otherwise.
ClusterRule parse_rule(const std::string& text);

// `count` ratios evenly spaced from `first` to `last` inclusive (like numpy.linspace).
std::vector<float> linspace_ratios(double first, double last, unsigned count);
// The reference grid: 15 ratios 0.3, 0.35, ..., 1.0.
std::vector<float> default_clip_ratios();
// "FIRST:LAST:COUNT" (a linspace) or a comma-separated list "0.5,0.75,1"; throws
// std::invalid_argument naming the bad item. Range checks are QuantizerConfig::validate's.
std::vector<float> parse_clip_ratios(const std::string& text);

struct QuantizerConfig {
  QuantMethod method = QuantMethod::FineQ;
  unsigned bits = 2;                         // rtn/owq/gptq code width, 2..8 (FineQ: fixed format)
  ClusterRule rule = ClusterRule::MinError;  // fineq, fineq-ef
  float threshold = 4.0f;                    // fineq `paper` rule: outlier if max|w| > T*min|w|
  // Scale granularity, 0 = one scale per row. fineq/fineq-ef: G clusters (3G weights) per
  // scale, as in the spec; rtn/owq/gptq: weights per scale (the usual "group 128").
  std::uint32_t group = 0;
  Codebook codebook = Codebook::default_codebook();  // fineq
  std::vector<float> clip_ratios = default_clip_ratios();
  double fp16_column_fraction = 0.04;  // owq: share of the K columns kept in FP16
  double salient_fraction = 0.10;      // pbllm: share of the weights kept in FP16
  // gptq/fineq-ef: lambda = damping * mean(diag H) is added to H's diagonal.
  double damping = 0.01;
  std::uint32_t block_size = 128;  // gptq/fineq-ef: lazy-batch columns (fineq-ef: multiple of 3 below)
  bool act_order = false;          // gptq: columns by decreasing H_jj
  // fineq-ef: each row's clipping ratio chosen by the output error of the whole
  // error-feedback pass (one pass per ratio) instead of by the weight error.
  bool hessian_scale_search = false;
  unsigned threads = 1;                // rows are split over threads; 0 = all cores

  // Weights along K per scale as QuantizedMatrix::group_size counts them (0 = per row).
  std::uint32_t group_size_in_weights() const;
  // The integer level that r * max|w| maps to: fineq/fineq-ef the codebook's largest
  // magnitude, rtn/owq/gptq 2^(b-1) - 1, pbllm 1.
  float largest_level() const;
  // Throws std::invalid_argument naming the offending field.
  void validate() const;
};

struct QuantizationResult {
  QuantizedMatrix matrix;
  // Per row: the squared error sum_k (w - q)^2 as the scale search measured it.
  std::vector<double> row_squared_error;
};

// Quantizes the rows x cols row-major matrix w. `hessian` (cols x cols) is the layer's
// input statistics, required by the methods that need_calibration() and ignored by the
// others. Throws std::invalid_argument for a bad config, a missing or mismatched Hessian, a
// Hessian that is not positive definite after damping, a non-finite weight, or a weight so
// large that its scale overflows FP16.
QuantizationResult quantize_matrix_measured(const std::string& name, std::uint32_t rows,
                                            std::uint32_t cols, const float* w,
                                            const QuantizerConfig& config,
                                            const LayerHessian* hessian = nullptr);

inline QuantizedMatrix quantize_matrix(const std::string& name, std::uint32_t rows,
                                       std::uint32_t cols, const float* w,
                                       const QuantizerConfig& config,
                                       const LayerHessian* hessian = nullptr) {
  return quantize_matrix_measured(name, rows, cols, w, config, hessian).matrix;
}

}  // namespace fineq
