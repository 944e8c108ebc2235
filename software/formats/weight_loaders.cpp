#include "weight_loaders.hpp"

#include <filesystem>
#include <stdexcept>

namespace fineq {

std::vector<FloatMatrix> load_weight_matrices(const std::string& path, const std::string& format,
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
  if (resolved == "npy") return {load_npy_matrix(path)};
  return load_llama2c_linear_weights(path);
}

}  // namespace fineq
