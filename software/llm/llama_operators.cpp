#include "llama_operators.hpp"

#include <algorithm>
#include <cmath>

namespace fineq {

void rmsnorm(float* out, const float* x, const float* weight, std::uint32_t size) {
  float sum_squares = 0.0f;
  for (std::uint32_t i = 0; i < size; ++i) sum_squares += x[i] * x[i];
  const float inverse_rms = 1.0f / std::sqrt(sum_squares / static_cast<float>(size) + 1e-5f);
  for (std::uint32_t i = 0; i < size; ++i) out[i] = weight[i] * (inverse_rms * x[i]);
}

void softmax(float* x, std::uint32_t size) {
  const float max_value = *std::max_element(x, x + size);
  float sum = 0.0f;
  for (std::uint32_t i = 0; i < size; ++i) {
    x[i] = std::exp(x[i] - max_value);
    sum += x[i];
  }
  for (std::uint32_t i = 0; i < size; ++i) x[i] /= sum;
}

void rope_rotate(float* vec, std::uint32_t heads, std::uint32_t head_size, const float* cos_row,
                 const float* sin_row) {
  for (std::uint32_t h = 0; h < heads; ++h) {
    float* head = vec + static_cast<std::size_t>(h) * head_size;
    for (std::uint32_t i = 0; i < head_size / 2; ++i) {
      const float v0 = head[2 * i], v1 = head[2 * i + 1];
      head[2 * i] = v0 * cos_row[i] - v1 * sin_row[i];
      head[2 * i + 1] = v0 * sin_row[i] + v1 * cos_row[i];
    }
  }
}

void attention_head(const float* q, const float* keys, const float* values, std::uint32_t positions,
                    std::uint32_t stride, std::uint32_t head_size, float* scores, float* out) {
  const float inverse_sqrt = 1.0f / std::sqrt(static_cast<float>(head_size));
  for (std::uint32_t t = 0; t < positions; ++t) {
    const float* key = keys + static_cast<std::size_t>(t) * stride;
    float dot = 0.0f;
    for (std::uint32_t i = 0; i < head_size; ++i) dot += q[i] * key[i];
    scores[t] = dot * inverse_sqrt;
  }
  softmax(scores, positions);
  std::fill(out, out + head_size, 0.0f);
  for (std::uint32_t t = 0; t < positions; ++t) {
    const float* value = values + static_cast<std::size_t>(t) * stride;
    for (std::uint32_t i = 0; i < head_size; ++i) out[i] += scores[t] * value[i];
  }
}

void swiglu(float* gate, const float* up, std::uint32_t size) {
  for (std::uint32_t i = 0; i < size; ++i) {
    gate[i] = gate[i] / (1.0f + std::exp(-gate[i])) * up[i];
  }
}

void matmul_fp32(const float* x, std::uint32_t m, std::uint32_t k, const float* w, std::uint32_t n,
                 float* y) {
  constexpr std::uint32_t kLanes = 8;
  const std::uint32_t k_lanes = k / kLanes * kLanes;
  // Weight row outer, tokens inner: each weight row is read from memory once per call.
  for (std::uint32_t j = 0; j < n; ++j) {
    const float* wr = w + static_cast<std::size_t>(j) * k;
    for (std::uint32_t i = 0; i < m; ++i) {
      const float* xr = x + static_cast<std::size_t>(i) * k;
      float lanes[kLanes] = {};
      for (std::uint32_t t = 0; t < k_lanes; t += kLanes) {
        for (std::uint32_t l = 0; l < kLanes; ++l) lanes[l] += xr[t + l] * wr[t + l];
      }
      float sum = 0.0f;
      for (std::uint32_t l = 0; l < kLanes; ++l) sum += lanes[l];
      for (std::uint32_t t = k_lanes; t < k; ++t) sum += xr[t] * wr[t];
      y[static_cast<std::size_t>(i) * n + j] = sum;
    }
  }
}

}  // namespace fineq
