#pragma once
// Tensors in and out of `fineq simulate` as NumPy .npy files (docs/network.md): activations
// (float32 M x K, quantized per token by the host; or int8 M x K with float32 scales), float32
// weights N x K quantized by the host for the chosen PE, and the --dump of a finished job.
#include <boost/program_options.hpp>
#include <string>

#include "simulation_job.hpp"

namespace fineq::cli {

// Sets job.m and the activations from `path` (float32 M x K, or int8 M x K when `scales_path`
// names a float32 (M,) file). K must equal job.weights.cols. Throws UsageError naming the
// flag, the file and what was expected (dtype, shape, rank, NaN/Inf, int8 value -128, scale < 0).
void load_activations(const std::string& path, const std::string& scales_path, SimulationJob& job);

// A float32 N x K .npy quantized for config.pe the way generated layers are (--rule, --group).
QuantizedMatrix load_npy_weights(const std::string& path, const AcceleratorConfig& config,
                                 const boost::program_options::variables_map& vm);

// Writes x_int8.npy, x_scales.npy, w_int.npy (decoded integer weights N x K), w_scales.npy
// (float32 N x groups), y.npy, y_golden.npy (M x N) and dump.json (shape, group size) into
// `directory`; `x` is what the host sent to the device.
void write_dump(const std::string& directory, const SimulationJob& job, const Int8Activations& x,
                const SimulationResult& result);

// `path` if it can be a dump directory: it exists (or its parent does) and is not a file.
std::string dump_directory_option(const std::string& path);

}  // namespace fineq::cli
