#include "golden.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace fineq {

Int8Activations quantize_activations(const std::vector<float>& x, std::uint32_t rows,
                                     std::uint32_t cols) {
  if (x.size() != static_cast<std::size_t>(rows) * cols) {
    throw std::invalid_argument("quantize_activations: expected " + std::to_string(rows) + "x" +
                                std::to_string(cols) + " values, got " + std::to_string(x.size()));
  }
  Int8Activations q;
  q.rows = rows;
  q.cols = cols;
  q.values.resize(x.size());
  q.scales.resize(rows);
  for (std::uint32_t m = 0; m < rows; ++m) {
    const float* row = x.data() + static_cast<std::size_t>(m) * cols;
    float max_abs = 0.0f;
    for (std::uint32_t k = 0; k < cols; ++k) {
      if (!std::isfinite(row[k])) {
        throw std::invalid_argument("quantize_activations: non-finite value at row " +
                                    std::to_string(m) + ", column " + std::to_string(k));
      }
      max_abs = std::max(max_abs, std::fabs(row[k]));
    }
    const float scale = max_abs / 127.0f;
    q.scales[m] = scale;
    std::int8_t* out = q.values.data() + static_cast<std::size_t>(m) * cols;
    for (std::uint32_t k = 0; k < cols; ++k) {
      const float code = scale == 0.0f ? 0.0f : std::round(row[k] / scale);
      out[k] = static_cast<std::int8_t>(std::clamp(code, -127.0f, 127.0f));
    }
  }
  return q;
}

bool accumulation_may_overflow(std::uint32_t k, int max_abs_weight) {
  const std::int64_t bound = static_cast<std::int64_t>(k) * 128 * max_abs_weight;
  return bound > std::numeric_limits<std::int32_t>::max();
}

namespace {
// INT32 dot product of one group; exact, with an overflow check only when one is possible.
std::int32_t dot(const std::int8_t* a, const std::int8_t* w, std::uint32_t len, bool check) {
  if (!check) {
    std::int32_t acc = 0;
    for (std::uint32_t k = 0; k < len; ++k) acc += static_cast<std::int32_t>(a[k]) * w[k];
    return acc;
  }
  std::int64_t acc = 0;
  for (std::uint32_t k = 0; k < len; ++k) {
    acc += static_cast<std::int32_t>(a[k]) * w[k];
    if (acc > std::numeric_limits<std::int32_t>::max() ||
        acc < std::numeric_limits<std::int32_t>::min()) {
      throw std::overflow_error("INT32 accumulator overflow in the integer GEMM");
    }
  }
  return static_cast<std::int32_t>(acc);
}
}  // namespace

std::vector<float> golden_gemm_decoded(const Int8Activations& x, const std::vector<std::int8_t>& w,
                                       std::uint32_t n, std::uint32_t group_size,
                                       const std::vector<float>& w_scales) {
  const std::uint32_t k = x.cols;
  const std::uint32_t group = group_size == 0 ? k : group_size;
  const std::uint32_t groups = (k + group - 1) / group;
  if (w.size() != static_cast<std::size_t>(n) * k || w_scales.size() != std::size_t(n) * groups) {
    throw std::invalid_argument("golden_gemm: weights do not match K = " + std::to_string(k));
  }
  int max_abs_weight = 0;
  for (std::int8_t v : w) max_abs_weight = std::max(max_abs_weight, std::abs(int{v}));
  const bool check = accumulation_may_overflow(group, max_abs_weight);

  std::vector<float> y(static_cast<std::size_t>(x.rows) * n);
  for (std::uint32_t m = 0; m < x.rows; ++m) {
    const std::int8_t* a = x.values.data() + static_cast<std::size_t>(m) * k;
    for (std::uint32_t j = 0; j < n; ++j) {
      const std::int8_t* wr = w.data() + static_cast<std::size_t>(j) * k;
      float sum = 0.0f;
      for (std::uint32_t g = 0; g < groups; ++g) {
        const std::uint32_t k0 = g * group;
        const std::uint32_t len = std::min(group, k - k0);
        const std::int32_t acc = dot(a + k0, wr + k0, len, check);
        const float term =
            static_cast<float>(acc) * (w_scales[static_cast<std::size_t>(j) * groups + g] * x.scales[m]);
        sum = g == 0 ? term : sum + term;
      }
      y[static_cast<std::size_t>(m) * n + j] = sum;
    }
  }
  return y;
}

std::vector<float> golden_gemm(const Int8Activations& x, const QuantizedMatrix& w) {
  if (w.cols != x.cols) {
    throw std::invalid_argument("golden_gemm: activations have K = " + std::to_string(x.cols) +
                                " but tensor '" + w.name + "' has K = " + std::to_string(w.cols));
  }
  if (w.has_fp16_weights()) throw std::invalid_argument("golden_gemm: " + w.fp16_refusal());
  std::vector<float> scales(static_cast<std::size_t>(w.rows) * w.groups_per_row());
  for (std::uint32_t r = 0; r < w.rows; ++r) {
    for (std::uint32_t g = 0; g < w.groups_per_row(); ++g) {
      scales[static_cast<std::size_t>(r) * w.groups_per_row() + g] = w.scale(r, g);
    }
  }
  return golden_gemm_decoded(x, w.decode_all(), w.rows, w.group_size, scales);
}

std::vector<float> reference_gemm_fp32(const std::vector<float>& x, std::uint32_t m,
                                       std::uint32_t k, const std::vector<float>& w,
                                       std::uint32_t n) {
  std::vector<float> y(static_cast<std::size_t>(m) * n);
  for (std::uint32_t i = 0; i < m; ++i) {
    for (std::uint32_t j = 0; j < n; ++j) {
      double acc = 0.0;
      for (std::uint32_t t = 0; t < k; ++t) {
        acc += static_cast<double>(x[std::size_t(i) * k + t]) * w[std::size_t(j) * k + t];
      }
      y[static_cast<std::size_t>(i) * n + j] = static_cast<float>(acc);
    }
  }
  return y;
}

}  // namespace fineq
