#include "tensor_io.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "atomic_file.hpp"
#include "fp16.hpp"
#include "npy_file.hpp"
#include "option_values.hpp"
#include "simulate_options.hpp"

namespace fineq::cli {

namespace {
template <typename Load>
auto load_or_usage_error(const char* flag, Load load) {
  try {
    return load();
  } catch (const std::exception& error) {
    throw UsageError(std::string("--") + flag + ": " + error.what());
  }
}
}  // namespace

void load_activations(const std::string& path, const std::string& scales_path, SimulationJob& job) {
  const std::uint32_t k = job.weights.cols;
  auto check_shape = [&](std::uint32_t rows, std::uint32_t cols) {
    if (cols != k) {
      throw UsageError("--activations " + path + ": expected M x K with K = " + std::to_string(k) +
                       " (the weights' K), got " + std::to_string(rows) + " x " + std::to_string(cols));
    }
    if (rows > kMaxM) {
      throw UsageError("--activations " + path + ": M = " + std::to_string(rows) +
                       " rows, the accelerator takes at most " + std::to_string(kMaxM));
    }
  };
  if (scales_path.empty()) {
    FloatMatrix x = load_or_usage_error("activations", [&] { return load_npy_matrix(path); });
    check_shape(x.rows, x.cols);
    job.m = x.rows;
    job.activations = std::move(x.values);
    return;
  }
  Int8Matrix x = load_or_usage_error("activations", [&] { return load_npy_int8_matrix(path); });
  check_shape(x.rows, x.cols);
  for (std::size_t i = 0; i < x.values.size(); ++i) {
    if (x.values[i] == -128) {
      throw UsageError("--activations " + path + ": value -128 at [" + std::to_string(i / k) + ", " +
                       std::to_string(i % k) + "]: INT8 activations are symmetric, -127..127 "
                       "(FINEQ-SPEC section 4)");
    }
  }
  std::vector<float> scales = load_or_usage_error("activation-scales", [&] { return load_npy_vector(scales_path); });
  if (scales.size() != x.rows) {
    throw UsageError("--activation-scales " + scales_path + ": expected " + std::to_string(x.rows) +
                     " scales (one per row of --activations), got " + std::to_string(scales.size()));
  }
  for (std::size_t i = 0; i < scales.size(); ++i) {
    if (scales[i] < 0.0f) {
      throw UsageError("--activation-scales " + scales_path + ": scale " + std::to_string(i) +
                       " is negative (" + std::to_string(scales[i]) + ")");
    }
  }
  job.m = x.rows;
  job.int8_activations = Int8Activations{x.rows, x.cols, std::move(x.values), std::move(scales)};
}

QuantizedMatrix load_npy_weights(const std::string& path, const AcceleratorConfig& config,
                                 const boost::program_options::variables_map& vm) {
  const FloatMatrix w = load_or_usage_error("weights", [&] { return load_npy_matrix(path); });
  const QuantizerConfig quantizer = pe_quantizer(config, vm);
  try {
    return quantize_matrix(w.name, w.rows, w.cols, w.values.data(), quantizer);
  } catch (const std::invalid_argument& error) {
    throw UsageError("--weights " + path + ": " + error.what());
  }
}

std::string dump_directory_option(const std::string& path) {
  std::error_code error;
  if (path.empty()) throw UsageError("--dump: expected a directory name, got ''");
  if (std::filesystem::exists(path, error) && !std::filesystem::is_directory(path, error)) {
    throw UsageError("--dump: '" + path + "' exists and is not a directory");
  }
  const std::filesystem::path parent = std::filesystem::absolute(path).parent_path();
  if (!std::filesystem::is_directory(parent, error)) {
    throw UsageError("--dump: directory '" + parent.string() + "' does not exist");
  }
  return path;
}

void write_dump(const std::string& directory, const SimulationJob& job, const Int8Activations& x,
                const SimulationResult& result) {
  const QuantizedMatrix& w = job.weights;
  const std::uint64_t m = job.m, n = w.rows, k = w.cols, groups = w.groups_per_row();
  std::filesystem::create_directories(directory);
  const std::filesystem::path dir(directory);
  auto file = [&](const char* name) { return (dir / name).string(); };
  const std::vector<std::int8_t> w_int = w.decode_all();
  std::vector<float> w_scales(w.scales.size());
  for (std::size_t i = 0; i < w_scales.size(); ++i) w_scales[i] = half_to_float(w.scales[i]);
  const std::vector<float> golden = golden_gemm(x, w);
  write_npy(file("x_int8.npy"), "|i1", {m, k}, x.values.data(), x.values.size());
  write_npy(file("x_scales.npy"), "<f4", {m}, x.scales.data(), 4 * x.scales.size());
  write_npy(file("w_int.npy"), "|i1", {n, k}, w_int.data(), w_int.size());
  write_npy(file("w_scales.npy"), "<f4", {n, groups}, w_scales.data(), 4 * w_scales.size());
  write_npy(file("y.npy"), "<f4", {m, n}, result.y.data(), 4 * result.y.size());
  write_npy(file("y_golden.npy"), "<f4", {m, n}, golden.data(), 4 * golden.size());
  const nlohmann::json meta = {{"m", m}, {"n", n}, {"k", k},
                               {"group_size", w.group_size},  // weights per scale; 0 = per row
                               {"encoding", encoding_name(w.encoding)},
                               {"bit_exact", result.bit_exact}};
  write_text_atomically(file("dump.json"), meta.dump(2) + "\n");
}

}  // namespace fineq::cli
