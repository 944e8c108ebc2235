#pragma once
// Convolution to GEMM the way SCALE-Sim lowers it (im2col, weight stationary): every OFMAP
// pixel is a row of X, every filter a row of W, the filter window (height x width x channels)
// the reduction dimension. OFMAP side = ceil((I + 2P - F + S) / S), SCALE-Sim's formula on the
// padded IFMAP (SCALE-Sim takes padded sizes from the user). It counts a last, partial window
// when S does not divide I + 2P - F, one more than the floor((I + 2P - F) / S) + 1 of most
// frameworks.
#include <cstdint>
#include <string>

#include "topology.hpp"

namespace fineq {

struct LoweredGemm {
  std::uint64_t ofmap_height = 0;
  std::uint64_t ofmap_width = 0;
  std::uint64_t m = 0;  // ofmap_height * ofmap_width
  std::uint64_t n = 0;  // filters
  std::uint64_t k = 0;  // filter_height * filter_width * channels
};

// Throws std::invalid_argument starting with `where` when a dimension is zero, the filter is
// larger than the padded IFMAP, or a stride is larger than the padded IFMAP.
LoweredGemm lower_convolution(const ConvLayerShape& conv, const std::string& where);

}  // namespace fineq
