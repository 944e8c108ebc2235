#pragma once
// Second-order input statistics of one linear layer, H = X^T X summed over the calibration
// inputs x (one row per token) that the layer saw: the quadratic form of GPTQ's layer-wise
// objective ||X W^T - X Q^T||^2 = sum over rows of (w - q)^T H (w - q).
#include <cstdint>
#include <string>
#include <vector>

namespace fineq {

class LayerHessian {
 public:
  explicit LayerHessian(std::uint32_t cols);
  // A given H (cols x cols, row-major, symmetric), e.g. in tests and benchmarks.
  LayerHessian(std::uint32_t cols, std::vector<double> values, std::uint64_t samples);

  // Adds x^T x for `count` inputs of `cols` values each (row-major).
  void add_inputs(const float* x, std::uint64_t count);

  std::uint32_t cols() const { return cols_; }
  std::uint64_t samples() const { return samples_; }
  double at(std::uint32_t i, std::uint32_t j) const;
  // The whole symmetric matrix, row-major.
  std::vector<double> matrix() const;

 private:
  std::uint32_t cols_;
  std::uint64_t samples_ = 0;
  // Lower triangle (j <= i) is authoritative while accumulating; row-major cols x cols.
  std::vector<double> lower_;
};

}  // namespace fineq
