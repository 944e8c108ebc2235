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
  const std::uint64_t expected = static_cast<std::uint64_t>(rows) * cols * sizeof(float);
  if (size != expected) {
    throw std::runtime_error(path + ": raw float32 " + std::to_string(rows) + "x" +
                             std::to_string(cols) + " needs exactly " + std::to_string(expected) +
                             " bytes, the file has " + std::to_string(size));
  }
  BinaryReader reader(in, size, path);
  FloatMatrix matrix{std::filesystem::path(path).stem().string(), rows, cols, {}};
  matrix.values = reader.f32_array(static_cast<std::uint64_t>(rows) * cols, "values");
  require_finite(matrix, path);
  return matrix;
}

}  // namespace fineq
