#pragma once
// NumPy .npy files (format versions 1.0, 2.0, 3.0, C or Fortran order): readers of 2-D
// little-endian float32 ('<f4') and int8 ('|i1') arrays and of float32 vectors, and a writer
// (version 1.0, C order, atomic).
#include <cstdint>
#include <string>
#include <vector>

#include "float_matrix.hpp"

namespace fineq {

// The matrix is named after the file's stem ("dir/wq.npy" -> "wq") and returned row-major.
// Throws std::runtime_error naming the file and the field (magic, version, header, descr,
// fortran_order, shape, data size, values).
FloatMatrix load_npy_matrix(const std::string& path);

struct Int8Matrix {
  std::uint32_t rows = 0;
  std::uint32_t cols = 0;
  std::vector<std::int8_t> values;  // row-major
};
// A 2-D int8 array; errors as load_npy_matrix's.
Int8Matrix load_npy_int8_matrix(const std::string& path);
// A float32 array of shape (M,) or (M, 1), every value finite.
std::vector<float> load_npy_vector(const std::string& path);

// Writes `bytes` bytes of little-endian data as an array of dtype `descr` ('<f4', '|i1') and
// `shape`, through write_file_atomically.
void write_npy(const std::string& path, const std::string& descr,
               const std::vector<std::uint64_t>& shape, const void* data, std::uint64_t bytes);

}  // namespace fineq
