#include "weight_loaders.hpp"

#include <filesystem>
#include <stdexcept>

#include "utf8.hpp"

namespace fineq {

namespace {
std::vector<FloatMatrix> load_by_format(const std::string& path, const std::string& format,
                                        std::uint32_t rows, std::uint32_t cols) {
  std::string resolved = format;
  if (format == "auto") {
    const std::string extension = std::filesystem::path(path).extension().string();
    if (extension == ".npy") {
      resolved = "npy";
    } else if (extension == ".bin") {
      resolved = "llama2c";
    } else {
      throw std::runtime_error(path + ": cannot tell the weight format from the extension '" +
                               extension + "' (.npy or .bin); give it explicitly "
                               "(llama2c, npy or raw)");
    }
  }
  const bool has_shape = rows != 0 || cols != 0;
  if (resolved == "raw") {
    if (rows == 0 || cols == 0) {
      throw std::runtime_error(path + ": format raw needs a shape NxK with N, K > 0");
    }
    return {load_raw_f32_matrix(path, rows, cols)};
  }
  if (resolved != "llama2c" && resolved != "npy") {
    throw std::invalid_argument("unknown weight format '" + format +
                                "' (expected auto, llama2c, npy or raw)");
  }
  if (has_shape) {
    throw std::invalid_argument(path + ": a shape is only accepted with format raw; " +
                                resolved + " files carry their own");
  }
  return resolved == "npy" ? std::vector<FloatMatrix>{load_npy_matrix(path)}
                           : load_llama2c_linear_weights(path);
}

}  // namespace

std::vector<FloatMatrix> load_weight_matrices(const std::string& path, const std::string& format,
                                              std::uint32_t rows, std::uint32_t cols) {
  std::vector<FloatMatrix> matrices = load_by_format(path, format, rows, cols);
  // A .npy or raw matrix is named after its file, which may be any bytes; the name goes into
  // the .fqw and the JSON report, which both need UTF-8. Refused before any work is done.
  for (const FloatMatrix& matrix : matrices) {
    if (const std::size_t bad = first_invalid_utf8_byte(matrix.name); bad != std::string::npos) {
      throw std::runtime_error(path + ": tensor name '" + matrix.name +
                               "' (from the file name) is not valid UTF-8 (byte offset " +
                               std::to_string(bad) + ")");
    }
  }
  return matrices;
}

}  // namespace fineq
