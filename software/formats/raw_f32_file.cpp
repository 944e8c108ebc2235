#include "raw_f32_file.hpp"

#include <filesystem>
#include <stdexcept>

#include "binary_reader.hpp"

namespace fineq {

FloatMatrix load_raw_f32_matrix(const std::string& path, std::uint32_t rows, std::uint32_t cols) {
  if (rows == 0 || cols == 0) {
    throw std::runtime_error(path + ": raw float32 needs a non-zero shape, got " +
                             std::to_string(rows) + "x" + std::to_string(cols));
  }
  std::ifstream in = open_binary_input(path);
  const std::uint64_t size = bytes_until_end(in);
  const std::uint64_t count = static_cast<std::uint64_t>(rows) * cols;  // count * 4 may overflow
  if (size % sizeof(float) != 0 || size / sizeof(float) != count) {
    throw std::runtime_error(path + ": raw float32 " + std::to_string(rows) + "x" +
                             std::to_string(cols) + " needs exactly " + std::to_string(count) +
                             " x 4 bytes, the file has " + std::to_string(size));
  }
  BinaryReader reader(in, size, path);
  FloatMatrix matrix{std::filesystem::path(path).stem().string(), rows, cols, {}};
  matrix.values = reader.f32_array(count, "values");
  require_finite(matrix, path);
  return matrix;
}

}  // namespace fineq
