#pragma once
// One entry point for every weight source the `quantize` command accepts.
#include <cstdint>
#include <string>
#include <vector>

#include "float_matrix.hpp"
#include "llama2c_checkpoint.hpp"
#include "npy_file.hpp"
#include "raw_f32_file.hpp"

namespace fineq {

// format: "auto" (by extension: .npy -> npy, .bin -> llama2c), "llama2c", "npy", or "raw"
// (needs rows and cols; the other formats reject a shape rather than ignore it).
// Throws std::runtime_error naming the file and what was expected.
std::vector<FloatMatrix> load_weight_matrices(const std::string& path, const std::string& format,
                                              std::uint32_t rows = 0, std::uint32_t cols = 0);

}  // namespace fineq
