#pragma once
// Weight quantizers (FINEQ-SPEC section 3): FineQ-v1 clusters with the `paper` or `min-error`
// rule, the RTN INTb baseline, and an OWQ-style mixed-precision baseline (INTb plus a few
// FP16 columns). All search a grid of clipping ratios per scale group; docs/quantization.md
// describes every choice.
#include <cstdint>
#include <string>
#include <vector>

#include "codebook.hpp"
#include "quantized_matrix.hpp"

namespace fineq {

enum class QuantMethod : std::uint8_t { FineQ, Rtn, Owq };

const char* method_name(QuantMethod method);
// "fineq", "rtn", "owq"; throws std::invalid_argument otherwise.
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
  unsigned bits = 2;                         // rtn/owq code width, 2..8 (FineQ: fixed format)
  ClusterRule rule = ClusterRule::MinError;  // fineq
  float threshold = 4.0f;                    // fineq `paper` rule: outlier if max|w| > T*min|w|
  // Scale granularity, 0 = one scale per row. fineq: G clusters (3G weights) per scale, as
  // in the spec; rtn/owq: weights per scale (the usual "group 128").
  std::uint32_t group = 0;
  Codebook codebook = Codebook::default_codebook();  // fineq
  std::vector<float> clip_ratios = default_clip_ratios();
  double fp16_column_fraction = 0.04;  // owq: share of the K columns kept in FP16
  unsigned threads = 1;                // rows are split over threads; 0 = all cores

  // Weights along K per scale as QuantizedMatrix::group_size counts them (0 = per row).
  std::uint32_t group_size_in_weights() const;
  // The integer level that r * max|w| maps to: fineq the codebook's largest magnitude,
  // rtn/owq 2^(b-1) - 1.
  float largest_level() const;
  // Throws std::invalid_argument naming the offending field.
  void validate() const;
};

struct QuantizationResult {
  QuantizedMatrix matrix;
  // Per row: the squared error sum_k (w - q)^2 as the scale search measured it.
  std::vector<double> row_squared_error;
};

// Quantizes the rows x cols row-major matrix w. Throws std::invalid_argument for a bad
// config, a non-finite weight, or a weight so large that its scale overflows FP16.
QuantizationResult quantize_matrix_measured(const std::string& name, std::uint32_t rows,
                                            std::uint32_t cols, const float* w,
                                            const QuantizerConfig& config);

inline QuantizedMatrix quantize_matrix(const std::string& name, std::uint32_t rows,
                                       std::uint32_t cols, const float* w,
                                       const QuantizerConfig& config) {
  return quantize_matrix_measured(name, rows, cols, w, config).matrix;
}

}  // namespace fineq
