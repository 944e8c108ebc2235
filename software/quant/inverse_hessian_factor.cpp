#include "inverse_hessian_factor.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace fineq {

namespace {

// Dot product with 4 interleaved partial sums: a strict-order double reduction would not
// vectorize without -ffast-math.
double dot(const double* a, const double* b, std::size_t n) {
  double partial[4] = {};
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    for (std::size_t lane = 0; lane < 4; ++lane) partial[lane] += a[i + lane] * b[i + lane];
  }
  for (std::size_t lane = 0; i < n; ++i, ++lane) partial[lane] += a[i] * b[i];
  return (partial[0] + partial[1]) + (partial[2] + partial[3]);
}

// In-place lower Cholesky factor A = L L^T (row-major, the upper part is left as is).
// Returns the first row whose pivot is not positive (or not finite), or n on success.
std::size_t cholesky_lower(std::vector<double>& a, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    double* row_i = a.data() + i * n;
    for (std::size_t j = 0; j < i; ++j) {
      const double* row_j = a.data() + j * n;
      row_i[j] = (row_i[j] - dot(row_i, row_j, j)) / row_j[j];
    }
    const double pivot = row_i[i] - dot(row_i, row_i, i);
    if (!(pivot > 0.0) || !std::isfinite(pivot)) return i;
    row_i[i] = std::sqrt(pivot);
  }
  return n;
}

// X = L^-1 for lower-triangular L, row by row: row i of X is (e_i - sum_{k<i} L_ik X_k) / L_ii,
// a sequence of contiguous axpys.
std::vector<double> invert_lower(const std::vector<double>& l, std::size_t n) {
  std::vector<double> x(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    double* row_i = x.data() + i * n;
    for (std::size_t k = 0; k < i; ++k) {
      const double factor = l[i * n + k];
      const double* row_k = x.data() + k * n;
      for (std::size_t j = 0; j <= k; ++j) row_i[j] -= factor * row_k[j];
    }
    row_i[i] += 1.0;
    const double inverse_pivot = 1.0 / l[i * n + i];
    for (std::size_t j = 0; j <= i; ++j) row_i[j] *= inverse_pivot;
  }
  return x;
}

}  // namespace

std::vector<std::uint32_t> act_order(const LayerHessian& hessian) {
  std::vector<std::uint32_t> order(hessian.cols());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return hessian.at(a, a) > hessian.at(b, b);
  });
  return order;
}

InverseHessianFactor::InverseHessianFactor(const LayerHessian& hessian, double damping,
                                           const std::vector<std::uint32_t>& order,
                                           const std::string& what)
    : cols_(hessian.cols()) {
  const std::size_t n = cols_;
  auto original = [&](std::size_t i) { return order.empty() ? static_cast<std::uint32_t>(i) : order[i]; };
  // Reversed order: with J the reversal, J H J = M M^T gives H^-1 = (J M^-T J)(J M^-1 J), and
  // J M^-1 J is the upper factor wanted. One Cholesky and one triangular inverse, no
  // explicit inverse of H.
  std::vector<double> a(n * n);
  double diagonal_sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const double value = hessian.at(original(i), original(j));
      if (!std::isfinite(value)) {
        std::ostringstream message;
        message << what << ": Hessian entry (" << original(i) << ", " << original(j) << ") is " << value;
        throw std::invalid_argument(message.str());
      }
      a[(n - 1 - i) * n + (n - 1 - j)] = value;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    double& d = a[i * n + i];
    if (d == 0.0) d = 1.0;  // a dead input: no feedback through it
    diagonal_sum += d;
  }
  lambda_ = damping * diagonal_sum / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) a[i * n + i] += lambda_;
  const std::size_t failed = cholesky_lower(a, n);
  if (failed != n) {
    std::ostringstream message;
    message << what << ": the Hessian is not positive definite even with damping " << lambda_ << " ("
            << damping << " x mean diagonal " << diagonal_sum / static_cast<double>(n)
            << ") added to its diagonal (fails at column " << original(n - 1 - failed)
            << "); raise --damping or use more calibration tokens";
    throw std::invalid_argument(message.str());
  }
  const std::vector<double> inverse = invert_lower(a, n);
  upper_.assign(n * n, 0.0f);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i; j < n; ++j) {
      upper_[i * n + j] = static_cast<float>(inverse[(n - 1 - i) * n + (n - 1 - j)]);
    }
  }
}

}  // namespace fineq
