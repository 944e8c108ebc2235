#pragma once
// A named way to hold a model's block linear weights, as `fineq eval/generate --methods`
// spell it (docs/llm.md): "fp32", or a quantizer configuration:
//   fineq-min-error | fineq-paper   FineQ-v1, default codebook ("-sym": symmetric codebook)
//   rtnB | owqB                     RTN INTb / OWQ-style INTb + 4 % FP16 columns, B = 2..8
//   ...@gN                          scale groups: N clusters (3N weights) for fineq, N weights
//                                   for rtn/owq; without it one scale per output channel
#include <optional>
#include <string>
#include <vector>

#include "quantizer.hpp"

namespace fineq {

struct WeightMethod {
  std::string label;                         // the spelling it was parsed from
  std::optional<QuantizerConfig> quantizer;  // empty for fp32

  bool is_fp32() const { return !quantizer.has_value(); }
};

// Throws std::invalid_argument naming the bad spelling and listing the valid ones.
WeightMethod parse_weight_method(const std::string& text);
// A comma-separated list; throws as above, or for an empty list or a repeated method.
std::vector<WeightMethod> parse_weight_methods(const std::string& list);

}  // namespace fineq
