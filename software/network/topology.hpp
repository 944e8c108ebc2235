#pragma once
// A network as a list of GEMM layers Y[M x N] = X[M x K] * W[N x K]^T, read from SCALE-Sim's
// topology CSVs (GEMM form `Layer, M, N, K,` or convolution form) or from this project's JSON
// form with per-layer options (docs/network.md). Plain C++.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fineq {

// A convolution layer as SCALE-Sim describes it, plus optional zero padding (JSON only).
struct ConvLayerShape {
  std::uint32_t ifmap_height = 0;
  std::uint32_t ifmap_width = 0;
  std::uint32_t filter_height = 0;
  std::uint32_t filter_width = 0;
  std::uint32_t channels = 0;
  std::uint32_t filters = 0;
  std::uint32_t stride_height = 1;
  std::uint32_t stride_width = 1;
  std::uint32_t padding = 0;  // zeros added on every side of the IFMAP
  bool depthwise = false;     // one layer per channel, as SCALE-Sim splits 'DP' layers
};

struct TopologyLayer {
  std::string name;
  std::uint32_t m = 0;  // rows of X: OFMAP pixels for a convolution, tokens for an LLM layer
  std::uint32_t n = 0;  // output channels (filters)
  std::uint32_t k = 0;  // reduction: filter height x width x channels
  std::optional<ConvLayerShape> conv;  // the convolution this GEMM was lowered from
  // Where W comes from: empty = generated (seeded, LLM-like); otherwise a file (.fqw, .npy
  // float32 N x K, or a llama2.c checkpoint .bin), path resolved against the topology's folder.
  std::string weights;
  std::string tensor;                 // which tensor of a multi-tensor file
  std::optional<std::uint64_t> seed;  // of generated weights and activations
  std::string origin;                 // "file:line" (CSV) or "file: layers[i]" (JSON), for errors
};

struct Topology {
  std::string name;  // the file's stem, or the JSON's "name"
  std::vector<TopologyLayer> layers;
};

// By extension: .json -> JSON form, anything else -> SCALE-Sim CSV (GEMM or convolution form,
// told apart by the header). Throws std::invalid_argument naming file, line and field.
Topology read_topology(const std::string& path);

}  // namespace fineq
