#include "layer_hessian.hpp"

#include <algorithm>
#include <stdexcept>

namespace fineq {

namespace {
// Inputs per float partial sum before it is added to the double accumulator: float keeps
// the inner loop fast (it vectorizes), the double total keeps long runs accurate.
constexpr std::uint64_t kBatch = 256;
}  // namespace

LayerHessian::LayerHessian(std::uint32_t cols)
    : cols_(cols), lower_(static_cast<std::size_t>(cols) * cols, 0.0) {}

LayerHessian::LayerHessian(std::uint32_t cols, std::vector<double> values, std::uint64_t samples)
    : cols_(cols), samples_(samples), lower_(std::move(values)) {
  if (lower_.size() != static_cast<std::size_t>(cols) * cols) {
    throw std::invalid_argument("Hessian: expected " + std::to_string(cols) + "x" +
                                std::to_string(cols) + " values, got " + std::to_string(lower_.size()));
  }
}

void LayerHessian::add_inputs(const float* x, std::uint64_t count) {
  const std::size_t k = cols_;
  std::vector<float> partial(k * k);
  for (std::uint64_t first = 0; first < count; first += kBatch) {
    const std::uint64_t last = std::min(count, first + kBatch);
    std::fill(partial.begin(), partial.end(), 0.0f);
    for (std::uint64_t t = first; t < last; ++t) {
      const float* row = x + t * k;
      for (std::size_t i = 0; i < k; ++i) {
        const float a = row[i];
        if (a == 0.0f) continue;
        float* out = partial.data() + i * k;
        for (std::size_t j = 0; j <= i; ++j) out[j] += a * row[j];
      }
    }
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t j = 0; j <= i; ++j) lower_[i * k + j] += partial[i * k + j];
    }
  }
  samples_ += count;
}

double LayerHessian::at(std::uint32_t i, std::uint32_t j) const {
  return i >= j ? lower_[static_cast<std::size_t>(i) * cols_ + j]
                : lower_[static_cast<std::size_t>(j) * cols_ + i];
}

std::vector<double> LayerHessian::matrix() const {
  std::vector<double> full(lower_.size());
  for (std::uint32_t i = 0; i < cols_; ++i) {
    for (std::uint32_t j = 0; j < cols_; ++j) full[static_cast<std::size_t>(i) * cols_ + j] = at(i, j);
  }
  return full;
}

}  // namespace fineq
