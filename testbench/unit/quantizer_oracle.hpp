#pragma once
// A deliberately plain reference of FINEQ-SPEC section 3 for the quantizer tests: std::round,
// brute-force nearest codebook value, double-precision errors, no vectorization tricks. The
// quantizer under test is checked against it; it shares nothing with the quantizer except
// fp16.hpp and the codebook's value lists.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "codebook.hpp"
#include "fp16.hpp"

namespace fineq::oracle {

// The spec's mapping: clamp(std::round(w / scale)); scale 0 maps everything to 0.
inline int round_clamp(float w, float scale, int lo, int hi) {
  if (scale == 0.0f) return 0;
  const float y = w / scale;
  return static_cast<int>(std::min<float>(std::max<float>(std::round(y), lo), hi));
}

// Nearest value of `values`; ties to the larger magnitude, then to the positive value.
inline int nearest(float y, const std::vector<int>& values) {
  int best = values.front();
  for (int v : values) {
    if (v == best) continue;
    // Comparing y with the exact midpoint: |y - v| itself can round (y = -1e-45, v = -1).
    const double midpoint = 0.5 * (static_cast<double>(v) + best);
    const bool closer = v > best ? y > midpoint : y < midpoint;
    const bool tie = y == midpoint;
    if (closer || (tie && (std::abs(v) > std::abs(best) ||
                           (std::abs(v) == std::abs(best) && v > best)))) {
      best = v;
    }
  }
  return best;
}

inline int nearest_scaled(float w, float scale, const std::vector<int>& values) {
  return nearest(scale == 0.0f ? 0.0f : w / scale, values);
}

// Squared error of one weight against value*scale, the product in float as dequantize does.
inline double squared_error(float w, int value, float scale) {
  const double diff = static_cast<double>(w) - static_cast<float>(value) * scale;
  return diff * diff;
}

// The four encodings of a cluster (normal, prune 0..2): values and squared errors; positions
// with real[p] == false (row padding) count no error.
struct ClusterOptions {
  std::array<std::array<int, 3>, 4> values{};
  std::array<double, 4> error{};
};

inline ClusterOptions cluster_options(const std::array<float, 3>& w, const std::array<bool, 3>& real,
                                      float scale, const Codebook& codebook) {
  const std::vector<int> normal = codebook.normal_ascending();
  const std::vector<int> outlier = codebook.outlier_ascending();
  ClusterOptions options;
  for (int mode = 0; mode < 4; ++mode) {
    for (int p = 0; p < 3; ++p) {
      int value = 0;
      if (mode == 0) {
        value = nearest_scaled(w[p], scale, normal);
      } else if (p != mode - 1) {
        value = nearest_scaled(w[p], scale, outlier);
      }
      options.values[mode][p] = value;
      if (real[p]) options.error[mode] += squared_error(w[p], value, scale);
    }
  }
  return options;
}

// The `min-error` rule's error: the lowest of the four, except that an all-zero cluster is
// normal (FINEQ-SPEC section 3) even where a pruned mode would cost less (codebooks without 0).
inline double min_error_rule_error(const ClusterOptions& options, const std::array<float, 3>& w) {
  if (w == std::array<float, 3>{}) return options.error[0];
  return *std::min_element(options.error.begin(), options.error.end());
}

// The `paper` rule's mode: max|w| > T*min|w| -> prune the first smallest magnitude.
inline int paper_mode(const std::array<float, 3>& w, float threshold) {
  std::array<float, 3> a{};
  for (int p = 0; p < 3; ++p) a[p] = std::fabs(w[p]);
  const float largest = *std::max_element(a.begin(), a.end());
  const float smallest = *std::min_element(a.begin(), a.end());
  if (!(largest > threshold * smallest)) return 0;
  return static_cast<int>(std::min_element(a.begin(), a.end()) - a.begin()) + 1;
}

}  // namespace fineq::oracle
