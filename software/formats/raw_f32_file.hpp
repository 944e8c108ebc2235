#pragma once
// Reader for headerless little-endian float32 files whose shape is given by the caller.
#include <cstdint>
#include <string>

#include "float_matrix.hpp"

namespace fineq {

// Named after the file's stem. The file size must be exactly rows * cols * 4 bytes.
FloatMatrix load_raw_f32_matrix(const std::string& path, std::uint32_t rows, std::uint32_t cols);

}  // namespace fineq
