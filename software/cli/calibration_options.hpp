#pragma once
// The calibration options shared by `fineq quantize` and `fineq eval` for the methods that
// need the layers' input Hessians (gptq, fineq-ef), and the tuning options of those methods.
#include <boost/program_options.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "layer_hessian_collector.hpp"
#include "llama2c_checkpoint.hpp"
#include "quantizer.hpp"

namespace fineq::cli {

struct CalibrationRequest {
  std::string source;            // a uint16 token file, or "sampled"; empty = none given
  std::uint64_t tokens = 65536;  // the file's last N tokens, or N sampled tokens
  std::uint32_t window = 256;    // tokens per forward pass (from position 0)
  // sampled: run.c sampler seed; not fineq eval's default sequence seeds (42, 43, ...)
  std::uint64_t seed = 999;
};

// --calibration, --calibration-tokens, --calibration-seed.
void add_calibration_options(boost::program_options::options_description& options);
// --damping, --block-size, --act-order, --salient-fraction (fineq quantize).
void add_method_tuning_options(boost::program_options::options_description& options);

// The calibration source; `needed`: some requested method needs it (then --calibration is
// required), otherwise the options are rejected. Throws UsageError.
CalibrationRequest parse_calibration_options(const boost::program_options::variables_map& vm, bool needed);
// Applies the tuning options to `config` (whose method is set); options for other methods
// are rejected. Throws UsageError.
void parse_method_tuning_options(const boost::program_options::variables_map& vm, QuantizerConfig& config);

// Runs the FP32 forward pass over the calibration tokens and returns the per-layer
// Hessians; prints one progress line to stdout. Throws std::runtime_error for bad token
// files and too few tokens (fewer than the largest layer input dimension).
std::unique_ptr<LayerHessianCollector> collect_calibration(const Llama2cCheckpoint& checkpoint,
                                                           const CalibrationRequest& request);

}  // namespace fineq::cli
