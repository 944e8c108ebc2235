#pragma once
// Plain double-precision helpers for the calibrated quantizers' tests: correlated inputs,
// H = X^T X, an explicit inverse by Gauss-Jordan elimination (no Cholesky, nothing shared
// with InverseHessianFactor), and the layer output error ||X W^T - X Q^T||^2.
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "layer_hessian.hpp"

namespace fineq::oracle {

// count x cols inputs whose columns are strongly correlated (a random mixing of a few
// latent factors plus noise), like a transformer layer's inputs.
inline std::vector<float> correlated_inputs(std::uint32_t count, std::uint32_t cols, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  const std::uint32_t factors = 4;
  std::vector<double> mixing(static_cast<std::size_t>(factors) * cols);
  for (double& m : mixing) m = normal(rng);
  std::vector<float> x(static_cast<std::size_t>(count) * cols);
  for (std::uint32_t t = 0; t < count; ++t) {
    double latent[factors];
    for (double& l : latent) l = normal(rng);
    for (std::uint32_t k = 0; k < cols; ++k) {
      double value = 0.3 * normal(rng);
      for (std::uint32_t f = 0; f < factors; ++f) value += latent[f] * mixing[f * cols + k];
      x[static_cast<std::size_t>(t) * cols + k] = static_cast<float>(value);
    }
  }
  return x;
}

// H = X^T X in double.
inline std::vector<double> gram(const std::vector<float>& x, std::uint32_t cols) {
  const std::size_t count = x.size() / cols;
  std::vector<double> h(static_cast<std::size_t>(cols) * cols, 0.0);
  for (std::size_t t = 0; t < count; ++t) {
    for (std::uint32_t i = 0; i < cols; ++i) {
      for (std::uint32_t j = 0; j < cols; ++j) {
        h[i * cols + j] += static_cast<double>(x[t * cols + i]) * x[t * cols + j];
      }
    }
  }
  return h;
}

// (H + lambda I)^-1 by Gauss-Jordan elimination with partial pivoting.
inline std::vector<double> damped_inverse(std::vector<double> h, std::uint32_t n, double lambda) {
  for (std::uint32_t i = 0; i < n; ++i) h[i * n + i] += lambda;
  std::vector<double> inv(static_cast<std::size_t>(n) * n, 0.0);
  for (std::uint32_t i = 0; i < n; ++i) inv[i * n + i] = 1.0;
  for (std::uint32_t c = 0; c < n; ++c) {
    std::uint32_t pivot = c;
    for (std::uint32_t r = c + 1; r < n; ++r) {
      if (std::fabs(h[r * n + c]) > std::fabs(h[pivot * n + c])) pivot = r;
    }
    if (h[pivot * n + c] == 0.0) throw std::runtime_error("singular");
    for (std::uint32_t k = 0; k < n; ++k) {
      std::swap(h[c * n + k], h[pivot * n + k]);
      std::swap(inv[c * n + k], inv[pivot * n + k]);
    }
    const double d = h[c * n + c];
    for (std::uint32_t k = 0; k < n; ++k) {
      h[c * n + k] /= d;
      inv[c * n + k] /= d;
    }
    for (std::uint32_t r = 0; r < n; ++r) {
      if (r == c) continue;
      const double f = h[r * n + c];
      for (std::uint32_t k = 0; k < n; ++k) {
        h[r * n + k] -= f * h[c * n + k];
        inv[r * n + k] -= f * inv[c * n + k];
      }
    }
  }
  return inv;
}

// Removes column/row i from an inverse Hessian restricted to the columns not yet quantized
// (OBS): Hinv <- Hinv - Hinv[:, i] Hinv[i, :] / Hinv[i][i].
inline void eliminate(std::vector<double>& hinv, std::uint32_t n, std::uint32_t i) {
  const double d = hinv[i * n + i];
  const std::vector<double> row(hinv.begin() + i * n, hinv.begin() + (i + 1) * n);
  for (std::uint32_t a = 0; a < n; ++a) {
    const double f = hinv[a * n + i] / d;
    for (std::uint32_t b = 0; b < n; ++b) hinv[a * n + b] -= f * row[b];
  }
}

// sum over rows of (w - q)^T H (w - q) = ||X W^T - X Q^T||^2.
inline double output_error(const std::vector<double>& h, std::uint32_t rows, std::uint32_t cols,
                           const float* w, const std::vector<float>& q) {
  double total = 0.0;
  std::vector<double> e(cols);
  for (std::uint32_t r = 0; r < rows; ++r) {
    for (std::uint32_t k = 0; k < cols; ++k) e[k] = static_cast<double>(w[r * cols + k]) - q[r * cols + k];
    for (std::uint32_t i = 0; i < cols; ++i) {
      for (std::uint32_t j = 0; j < cols; ++j) total += e[i] * h[i * cols + j] * e[j];
    }
  }
  return total;
}

inline LayerHessian hessian_of(const std::vector<double>& h, std::uint32_t cols) {
  return LayerHessian(cols, h, 1);
}

}  // namespace fineq::oracle
