#pragma once
// The options of `fineq simulate` and its --config file (JSON keys = long option names), and
// the parts `fineq network` shares with it: the accelerator's hardware, the generated layer's
// quantizer and the weight sources. Apart from cmd_simulate.cpp so that the config parser can
// be fuzzed and unit-tested without SystemC.
#include <boost/program_options.hpp>
#include <cstdint>
#include <string>

#include "accelerator_config.hpp"
#include "quantized_matrix.hpp"
#include "quantizer.hpp"

namespace fineq::cli {

// --rows ... --mode, --pe-model, --cost-table, --codebook.
boost::program_options::options_description hardware_options();
// --rule, --group, --seed.
boost::program_options::options_description generated_layer_options();
// Every option of `fineq simulate`.
boost::program_options::options_description simulate_options();

// Stores the config file's values in `vm` as if they were given as flags; values already in
// `vm` (from the command line) win. Throws UsageError naming the file and key.
void store_config_file(const std::string& path,
                       const boost::program_options::options_description& options,
                       boost::program_options::variables_map& vm);

// Applies the hardware flags present in `vm` to `config` and validates it; throws UsageError.
void parse_hardware_config(const boost::program_options::variables_map& vm, AcceleratorConfig& config);

// How the chosen PE's weights are quantized: FineQ-v1 for the temporal PE, RTN INT4 / INT8 for
// the bit-parallel baselines, with --rule and --group from `vm`; throws UsageError.
QuantizerConfig pe_quantizer(const AcceleratorConfig& config,
                             const boost::program_options::variables_map& vm);

// Quantizes a generated LLM-like N x K layer the way the chosen PE runs it (pe_quantizer).
QuantizedMatrix generate_weights(const AcceleratorConfig& config, std::uint32_t n, std::uint32_t k,
                                 std::uint64_t seed, const boost::program_options::variables_map& vm);

// The tensor named `tensor` of a .fqw file, or its only tensor when `tensor` is empty.
QuantizedMatrix pick_fqw_tensor(const std::string& path, const std::string& tensor);

}  // namespace fineq::cli
