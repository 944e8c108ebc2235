#pragma once
// GPTQ's inverse-Hessian factor (Frantar et al. 2022): the upper-triangular U with
// U^T U = (H + lambda I)^-1, where lambda = damping * mean(diag H). Row i of U holds what
// quantizing column i feeds back into the later columns: with z = (w_i - q_i) / U_ii, the
// columns j > i receive -z * U_ij, and z^2 is the rise of the layer's squared output error.
// Columns may be taken in another order (act-order): the factor is then that of the
// permuted H.
#include <cstdint>
#include <string>
#include <vector>

#include "layer_hessian.hpp"

namespace fineq {

class InverseHessianFactor {
 public:
  // `order[i]` = the original column that comes i-th (empty: the natural order). A column
  // that never saw a non-zero input (H_jj = 0) gets H_jj = 1: its weights are quantized
  // without feedback. Throws std::invalid_argument naming `what`, with the damping used,
  // when H holds a non-finite value or is not positive definite after damping.
  InverseHessianFactor(const LayerHessian& hessian, double damping, const std::vector<std::uint32_t>& order,
                       const std::string& what);

  std::uint32_t cols() const { return cols_; }
  // Row i of U (cols values, zero below the diagonal).
  const float* row(std::uint32_t i) const { return upper_.data() + static_cast<std::size_t>(i) * cols_; }
  float at(std::uint32_t i, std::uint32_t j) const { return row(i)[j]; }
  double damping_added() const { return lambda_; }

 private:
  std::uint32_t cols_;
  double lambda_ = 0.0;
  std::vector<float> upper_;
};

// Columns by decreasing H_jj (GPTQ's act-order), ties in column order.
std::vector<std::uint32_t> act_order(const LayerHessian& hessian);

}  // namespace fineq
