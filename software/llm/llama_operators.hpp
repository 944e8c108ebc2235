#pragma once
// The operators of a llama2.c forward pass (run.c), as free functions so that tests can check
// each one on hand-derived cases.
#include <cstdint>

namespace fineq {

// out[i] = weight[i] * x[i] / sqrt(mean(x^2) + 1e-5). out may alias x.
void rmsnorm(float* out, const float* x, const float* weight, std::uint32_t size);

// In-place softmax with the maximum subtracted first (so large inputs do not overflow).
void softmax(float* x, std::uint32_t size);

// Rotates the consecutive pairs (v[2i], v[2i+1]) of every head of `vec` (heads * head_size
// values) by the angle whose cosine and sine are cos_row[i] and sin_row[i] (i < head_size/2):
// the RoPE tables of one position.
void rope_rotate(float* vec, std::uint32_t heads, std::uint32_t head_size, const float* cos_row,
                 const float* sin_row);

// One head's causal attention for a query over positions 0..positions-1: scores q.k_t /
// sqrt(head_size), softmax, out = sum_t p_t v_t. keys/values hold position t's vector at
// t * stride. scores needs `positions` floats of scratch.
void attention_head(const float* q, const float* keys, const float* values, std::uint32_t positions,
                    std::uint32_t stride, std::uint32_t head_size, float* scores, float* out);

// SwiGLU: gate[i] = silu(gate[i]) * up[i], silu(a) = a / (1 + exp(-a)).
void swiglu(float* gate, const float* up, std::uint32_t size);

// y (m x n) = x (m x k) * w^T with w n x k, all row-major, FP32 accumulation in 8 lanes
// (fixed order, so the result does not depend on the machine).
void matmul_fp32(const float* x, std::uint32_t m, std::uint32_t k, const float* w, std::uint32_t n,
                 float* y);

}  // namespace fineq
