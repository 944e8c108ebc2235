#pragma once
// An unquantized FP32 weight matrix as the loaders deliver it: N rows (output channels) by
// K columns (reduction dimension), row-major, every value finite.
#include <cstdint>
#include <string>
#include <vector>

namespace fineq {

struct FloatMatrix {
  std::string name;
  std::uint32_t rows = 0;
  std::uint32_t cols = 0;
  std::vector<float> values;  // rows * cols, row-major
};

// Throws std::runtime_error "<source>: tensor '<name>': non-finite value <v> at [i, j, ...]"
// for the first NaN or infinity of an array of shape `dims` (row-major); loaders call it so
// nothing downstream meets one.
void require_finite(const std::string& source, const std::string& name,
                    const std::vector<float>& values, const std::vector<std::uint64_t>& dims);
inline void require_finite(const FloatMatrix& matrix, const std::string& source) {
  require_finite(source, matrix.name, matrix.values, {matrix.rows, matrix.cols});
}

}  // namespace fineq
