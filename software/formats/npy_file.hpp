#pragma once
// Reader for NumPy .npy files (format versions 1.0, 2.0, 3.0) holding a 2-D little-endian
// float32 array ('<f4') in C or Fortran order.
#include <string>

#include "float_matrix.hpp"

namespace fineq {

// The matrix is named after the file's stem ("dir/wq.npy" -> "wq") and returned row-major.
// Throws std::runtime_error naming the file and the field (magic, version, header, descr,
// fortran_order, shape, data size, values).
FloatMatrix load_npy_matrix(const std::string& path);

}  // namespace fineq
