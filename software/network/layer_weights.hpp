#pragma once
// The weights of a network's layers, from the source each layer names (generated, a .fqw
// tensor, a float32 .npy N x K or a llama2.c checkpoint tensor, the float ones quantized by the
// host for the chosen PE), kept while later layers still use them: LLM topologies repeat a few
// shapes many times, so e.g. LLaMA-2-7B's 450 layers need five distinct generated matrices.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "accelerator_config.hpp"
#include "layer_estimator.hpp"
#include "quantizer.hpp"
#include "topology.hpp"

namespace fineq {

// The tensor `name` of a .fqw file, or its only tensor when `name` is empty; throws
// std::invalid_argument listing the file's tensors otherwise.
QuantizedMatrix read_fqw_tensor(const std::string& path, const std::string& name);

struct LayerWeights {
  QuantizedMatrix matrix;
  WeightFoldStats stats;  // for the estimate
  std::string source;     // "generated", or the file
  std::uint64_t seed = 0; // of generated weights, and of the layer's activations
};

class LayerWeightSource {
 public:
  // `quantizer`: how float weights are quantized for config.pe; `default_seed`: --seed.
  LayerWeightSource(const AcceleratorConfig& config, const QuantizerConfig& quantizer,
                    std::uint64_t default_seed, const std::vector<TopologyLayer>& layers);

  // The weights of layer `index` (layers in order); throws std::invalid_argument naming the
  // layer's origin when the file, tensor or shape does not fit.
  std::shared_ptr<const LayerWeights> weights_for(std::size_t index);

 private:
  std::string key_of(const TopologyLayer& layer) const;
  std::shared_ptr<LayerWeights> load(const TopologyLayer& layer) const;

  const AcceleratorConfig& config_;
  QuantizerConfig quantizer_;
  std::uint64_t default_seed_;
  const std::vector<TopologyLayer>& layers_;
  std::map<std::string, std::size_t> last_use_;  // key -> index of the last layer using it
  std::map<std::string, std::shared_ptr<LayerWeights>> cache_;
};

}  // namespace fineq
