#pragma once
// The options `fineq simulate` and `fineq network` share: the accelerator's hardware, the
// generated layer's quantizer, the config file, and the weight sources.
#include <boost/program_options.hpp>
#include <cstdint>
#include <string>

#include "accelerator_config.hpp"
#include "quantized_matrix.hpp"
#include "quantizer.hpp"

namespace fineq::cli {

// --rows ... --mode, --cost-table, --codebook.
boost::program_options::options_description hardware_options();
// --rule, --group, --seed.
boost::program_options::options_description generated_layer_options();

// Config file keys are the long option names; values go through the same parsing as flags,
// and flags on the command line win.
void store_config_file(const std::string& path,
                       const boost::program_options::options_description& options,
                       boost::program_options::variables_map& vm);

// Applies the hardware flags present in `vm` to `config` and validates it; throws UsageError.
void parse_hardware_config(const boost::program_options::variables_map& vm, AcceleratorConfig& config);

// How the chosen PE's weights are quantized: FineQ-v1 for the temporal PE, RTN INT4 / INT8 for
// the bit-parallel baselines, with --rule and --group from `vm`; throws UsageError.
QuantizerConfig pe_quantizer(const AcceleratorConfig& config,
                             const boost::program_options::variables_map& vm);

// Quantizes a generated LLM-like N x K layer the way the chosen PE runs it: FineQ-v1 for the
// temporal PE, RTN INT4 / INT8 for the bit-parallel baselines (--rule, --group from `vm`).
QuantizedMatrix generate_weights(const AcceleratorConfig& config, std::uint32_t n, std::uint32_t k,
                                 std::uint64_t seed, const boost::program_options::variables_map& vm);

// The tensor named `tensor` of a .fqw file, or its only tensor when `tensor` is empty.
QuantizedMatrix pick_fqw_tensor(const std::string& path, const std::string& tensor);

}  // namespace fineq::cli
