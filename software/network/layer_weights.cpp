#include "layer_weights.hpp"

#include <filesystem>
#include <stdexcept>

#include "fqw_file.hpp"
#include "llama2c_checkpoint.hpp"
#include "npy_file.hpp"
#include "synthetic.hpp"

namespace fineq {

namespace {
std::string extension_of(const std::string& path) {
  return std::filesystem::path(path).extension().string();
}

FloatMatrix llama2c_tensor(const std::string& path, const std::string& name) {
  std::vector<FloatMatrix> tensors = load_llama2c_linear_weights(path);
  for (FloatMatrix& t : tensors) {
    if (t.name == name) return std::move(t);
  }
  throw std::invalid_argument("'" + path + "' has no linear tensor named '" + name +
                              "' (field 'tensor'; names look like layers.0.wq)");
}
}  // namespace

QuantizedMatrix read_fqw_tensor(const std::string& path, const std::string& name) {
  std::vector<QuantizedMatrix> tensors = read_fqw(path);
  if (name.empty() && tensors.size() == 1) return std::move(tensors.front());
  std::string names;
  for (QuantizedMatrix& t : tensors) {
    if (!name.empty() && t.name == name) return std::move(t);
    names += (names.empty() ? "" : ", ") + t.name;
  }
  throw std::invalid_argument("'" + path + "' " +
                              (name.empty() ? "holds " + std::to_string(tensors.size()) +
                                                  " tensors; choose one (" + names + ")"
                                            : "has no tensor named '" + name + "' (" + names + ")"));
}

LayerWeightSource::LayerWeightSource(const AcceleratorConfig& config, const QuantizerConfig& quantizer,
                                     std::uint64_t default_seed, const std::vector<TopologyLayer>& layers)
    : config_(config), quantizer_(quantizer), default_seed_(default_seed), layers_(layers) {
  for (std::size_t i = 0; i < layers.size(); ++i) last_use_[key_of(layers[i])] = i;
}

std::string LayerWeightSource::key_of(const TopologyLayer& layer) const {
  return layer.weights + "\n" + layer.tensor + "\n" + std::to_string(layer.seed.value_or(default_seed_)) +
         "\n" + std::to_string(layer.n) + "x" + std::to_string(layer.k);
}

std::shared_ptr<LayerWeights> LayerWeightSource::load(const TopologyLayer& layer) const {
  auto loaded = std::make_shared<LayerWeights>();
  loaded->seed = layer.seed.value_or(default_seed_);
  QuantizedMatrix& matrix = loaded->matrix;
  if (layer.weights.empty()) {
    loaded->source = "generated";
    const std::vector<float> w = make_llm_like_weights(layer.n, layer.k, loaded->seed);
    matrix = quantize_matrix("generated", layer.n, layer.k, w.data(), quantizer_);
  } else {
    loaded->source = layer.weights;
    const std::string extension = extension_of(layer.weights);
    if (extension == ".fqw") {
      matrix = read_fqw_tensor(layer.weights, layer.tensor);
    } else if (extension == ".npy" || extension == ".bin") {
      FloatMatrix w;
      if (extension == ".npy") {
        if (!layer.tensor.empty()) throw std::invalid_argument("field 'tensor': a .npy file holds one tensor");
        w = load_npy_matrix(layer.weights);
      } else {
        w = llama2c_tensor(layer.weights, layer.tensor);
      }
      if (w.rows != layer.n || w.cols != layer.k) {
        throw std::invalid_argument("'" + layer.weights + "' tensor '" + w.name + "' is " +
                                    std::to_string(w.rows) + " x " + std::to_string(w.cols) +
                                    ", the layer needs N x K = " + std::to_string(layer.n) + " x " +
                                    std::to_string(layer.k));
      }
      matrix = quantize_matrix(w.name, w.rows, w.cols, w.values.data(), quantizer_);
    } else {
      throw std::invalid_argument("field 'weights': '" + layer.weights +
                                  "': expected 'generated', a .fqw, a float32 .npy (N x K) or a "
                                  "llama2.c .bin checkpoint");
    }
    if (matrix.rows != layer.n || matrix.cols != layer.k) {
      throw std::invalid_argument("'" + layer.weights + "' tensor '" + matrix.name + "' is " +
                                  std::to_string(matrix.rows) + " x " + std::to_string(matrix.cols) +
                                  ", the layer needs N x K = " + std::to_string(layer.n) + " x " +
                                  std::to_string(layer.k));
    }
    if (matrix.encoding == Encoding::FineQV1 && matrix.codebook != config_.codebook) {
      throw std::invalid_argument("tensor '" + matrix.name + "' uses codebook " +
                                  matrix.codebook.to_string() + ", the accelerator " +
                                  config_.codebook.to_string() + " (--codebook)");
    }
  }
  loaded->stats = weight_fold_stats(config_, matrix);
  return loaded;
}

std::shared_ptr<const LayerWeights> LayerWeightSource::weights_for(std::size_t index) {
  const TopologyLayer& layer = layers_.at(index);
  const std::string key = key_of(layer);
  auto found = cache_.find(key);
  std::shared_ptr<LayerWeights> weights;
  if (found != cache_.end()) {
    weights = found->second;
  } else {
    try {
      weights = load(layer);
    } catch (const std::exception& error) {
      throw std::invalid_argument(layer.origin + ": layer '" + layer.name + "': " + error.what());
    }
  }
  if (last_use_.at(key) > index) {
    cache_[key] = weights;
  } else {
    cache_.erase(key);
  }
  return weights;
}

}  // namespace fineq
