#pragma once
// OWQ-style mixed-precision baseline: the most sensitive weight columns (input channels)
// stay in FP16, the rest is RTN INTb. OWQ ranks columns by Hessian-weighted error, which
// needs calibration activations; without them the proxy here is each column's squared
// error under plain RTN INTb (same bits, groups and ratio search). The kept columns are
// excluded from the scales' max|w|, which is where the gain comes from. docs/quantization.md.
#include <cstdint>
#include <string>
#include <vector>

#include "quantizer.hpp"

namespace fineq {

// Number of FP16 columns for K columns: round(fraction * K), at most K.
std::uint32_t fp16_column_count(double fraction, std::uint32_t cols);

// Sum over rows of the squared error of each column, as plain RTN INTb leaves it.
std::vector<double> rtn_column_sensitivity(std::uint32_t rows, std::uint32_t cols, const float* w,
                                           const QuantizerConfig& config);

// Expects a validated config with method Owq and finite weights whose scales fit FP16.
QuantizationResult quantize_owq(const std::string& name, std::uint32_t rows, std::uint32_t cols,
                                const float* w, const QuantizerConfig& config);

}  // namespace fineq
