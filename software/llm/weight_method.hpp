#pragma once
// A named way to hold a model's block linear weights, as `fineq eval/generate --methods`
// spell it (docs/llm.md): "fp32", or a quantizer configuration:
//   fineq-min-error | fineq-paper   FineQ-v1, default codebook ("-sym": symmetric codebook)
//   rtnB | owqB                     RTN INTb / OWQ-style INTb + 4 % FP16 columns, B = 2..8
//   fineq-ef-min-error | -paper     FineQ with error feedback (needs calibration); -hs suffix:
//                                   scales by the Hessian-aware search
//   gptqB | gptqB-act               GPTQ INTb, B = 2..8, -act: act-order (needs calibration)
//   pbllm                           PB-LLM-style: 10 % FP16 by magnitude, rest binary
//   ...@gN                          scale groups: N clusters (3N weights) for fineq(-ef), N
//                                   weights for rtn/owq/gptq; without it one per output channel
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
