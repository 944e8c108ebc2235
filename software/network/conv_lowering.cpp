#include "conv_lowering.hpp"

#include <stdexcept>

namespace fineq {

LoweredGemm lower_convolution(const ConvLayerShape& conv, const std::string& where) {
  auto fail = [&](const std::string& what) { throw std::invalid_argument(where + ": " + what); };
  const std::pair<const char*, std::uint32_t> positive[] = {
      {"IFMAP height", conv.ifmap_height}, {"IFMAP width", conv.ifmap_width},
      {"filter height", conv.filter_height}, {"filter width", conv.filter_width},
      {"channels", conv.channels},         {"num filters", conv.filters},
      {"stride height", conv.stride_height}, {"stride width", conv.stride_width}};
  for (const auto& [field, value] : positive) {
    if (value == 0) fail(std::string(field) + ": expected a positive integer, got 0");
  }
  const std::uint64_t padded_height = conv.ifmap_height + 2ull * conv.padding;
  const std::uint64_t padded_width = conv.ifmap_width + 2ull * conv.padding;
  const std::string padded = conv.padding == 0 ? "" : "padded ";
  if (conv.filter_height > padded_height) {
    fail("filter height " + std::to_string(conv.filter_height) + " is larger than the " + padded +
         "IFMAP height " + std::to_string(padded_height));
  }
  if (conv.filter_width > padded_width) {
    fail("filter width " + std::to_string(conv.filter_width) + " is larger than the " + padded +
         "IFMAP width " + std::to_string(padded_width));
  }
  if (conv.stride_height > padded_height) {
    fail("stride height " + std::to_string(conv.stride_height) + " is larger than the " + padded +
         "IFMAP height " + std::to_string(padded_height));
  }
  if (conv.stride_width > padded_width) {
    fail("stride width " + std::to_string(conv.stride_width) + " is larger than the " + padded +
         "IFMAP width " + std::to_string(padded_width));
  }
  LoweredGemm gemm;
  auto ofmap_side = [](std::uint64_t input, std::uint64_t filter, std::uint64_t stride) {
    return (input - filter + stride + stride - 1) / stride;  // ceil((I - F + S) / S)
  };
  gemm.ofmap_height = ofmap_side(padded_height, conv.filter_height, conv.stride_height);
  gemm.ofmap_width = ofmap_side(padded_width, conv.filter_width, conv.stride_width);
  gemm.m = gemm.ofmap_height * gemm.ofmap_width;
  gemm.n = conv.filters;
  gemm.k = std::uint64_t{conv.filter_height} * conv.filter_width * conv.channels;
  return gemm;
}

}  // namespace fineq
