#include "transformer.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "llama_operators.hpp"

namespace fineq {

Transformer::Transformer(const Llama2cCheckpoint& checkpoint, LinearLayers& linears)
    : checkpoint_(checkpoint), linears_(linears) {
  const Llama2cConfig& c = checkpoint.config;
  const std::size_t cache = static_cast<std::size_t>(c.n_layers) * c.seq_len * c.kv_dim();
  key_cache_.assign(cache, 0.0f);
  value_cache_.assign(cache, 0.0f);
  scores_.assign(c.seq_len, 0.0f);
}

void Transformer::resize_batch(std::uint32_t count) {
  const Llama2cConfig& c = checkpoint_.config;
  const std::size_t n = count;
  x_.resize(n * c.dim);
  xb_.resize(n * c.dim);
  xb2_.resize(n * c.dim);
  q_.resize(n * c.dim);
  k_.resize(n * c.kv_dim());
  v_.resize(n * c.kv_dim());
  hb_.resize(n * c.hidden_dim);
  hb2_.resize(n * c.hidden_dim);
  logits_.resize(n * c.vocab_size);
}

void Transformer::linear(std::uint32_t layer, LinearKind kind, const float* x, std::uint32_t m,
                         float* y) {
  if (observer_ != nullptr) {
    observer_->observe(layer, kind, x, m, linear_shape(checkpoint_.config, kind).cols);
  }
  linears_.apply(layer, kind, x, m, y);
}

const std::vector<float>& Transformer::forward(const std::uint32_t* tokens, std::uint32_t count,
                                               std::uint32_t start) {
  const Llama2cConfig& c = checkpoint_.config;
  if (count == 0 || start > c.seq_len || count > c.seq_len - start) {
    throw std::out_of_range("forward: positions " + std::to_string(start) + ".." +
                            std::to_string(static_cast<std::uint64_t>(start) + count) +
                            " exceed the model's seq_len " + std::to_string(c.seq_len));
  }
  for (std::uint32_t i = 0; i < count; ++i) {
    if (tokens[i] >= c.vocab_size) {
      throw std::out_of_range("forward: token id " + std::to_string(tokens[i]) +
                              " is not below the vocabulary size " + std::to_string(c.vocab_size));
    }
  }
  resize_batch(count);
  const std::uint32_t dim = c.dim, kv_dim = c.kv_dim(), hidden = c.hidden_dim;
  const std::uint32_t head_size = c.head_size(), kv_mul = c.n_heads / c.n_kv_heads;
  const std::uint32_t half_head = head_size / 2;
  auto row = [](std::vector<float>& v, std::uint32_t i, std::uint32_t width) {
    return v.data() + static_cast<std::size_t>(i) * width;
  };

  for (std::uint32_t i = 0; i < count; ++i) {
    const float* embedding = checkpoint_.token_embedding.data() + static_cast<std::size_t>(tokens[i]) * dim;
    std::copy(embedding, embedding + dim, row(x_, i, dim));
  }
  for (std::uint32_t l = 0; l < c.n_layers; ++l) {
    const std::size_t cache_offset = static_cast<std::size_t>(l) * c.seq_len * kv_dim;
    float* key_cache = key_cache_.data() + cache_offset;
    float* value_cache = value_cache_.data() + cache_offset;

    for (std::uint32_t i = 0; i < count; ++i) {
      rmsnorm(row(xb_, i, dim), row(x_, i, dim), checkpoint_.rms_att.data() + std::size_t(l) * dim, dim);
    }
    linear(l, LinearKind::Wq, xb_.data(), count, q_.data());
    linear(l, LinearKind::Wk, xb_.data(), count, k_.data());
    linear(l, LinearKind::Wv, xb_.data(), count, v_.data());
    for (std::uint32_t i = 0; i < count; ++i) {
      const std::size_t pos = start + i;
      const float* cos_row = checkpoint_.freq_cis_real.data() + pos * half_head;
      const float* sin_row = checkpoint_.freq_cis_imag.data() + pos * half_head;
      rope_rotate(row(q_, i, dim), c.n_heads, head_size, cos_row, sin_row);
      rope_rotate(row(k_, i, kv_dim), c.n_kv_heads, head_size, cos_row, sin_row);
      std::copy(row(k_, i, kv_dim), row(k_, i, kv_dim) + kv_dim, key_cache + pos * kv_dim);
      std::copy(row(v_, i, kv_dim), row(v_, i, kv_dim) + kv_dim, value_cache + pos * kv_dim);
    }
    for (std::uint32_t i = 0; i < count; ++i) {
      for (std::uint32_t h = 0; h < c.n_heads; ++h) {
        const std::size_t kv_head = static_cast<std::size_t>(h / kv_mul) * head_size;
        attention_head(row(q_, i, dim) + h * head_size, key_cache + kv_head, value_cache + kv_head,
                       start + i + 1, kv_dim, head_size, scores_.data(),
                       row(xb_, i, dim) + h * head_size);
      }
    }
    linear(l, LinearKind::Wo, xb_.data(), count, xb2_.data());
    for (std::size_t j = 0; j < x_.size(); ++j) x_[j] += xb2_[j];

    for (std::uint32_t i = 0; i < count; ++i) {
      rmsnorm(row(xb_, i, dim), row(x_, i, dim), checkpoint_.rms_ffn.data() + std::size_t(l) * dim, dim);
    }
    linear(l, LinearKind::W1, xb_.data(), count, hb_.data());
    linear(l, LinearKind::W3, xb_.data(), count, hb2_.data());
    swiglu(hb_.data(), hb2_.data(), count * hidden);
    linear(l, LinearKind::W2, hb_.data(), count, xb_.data());
    for (std::size_t j = 0; j < x_.size(); ++j) x_[j] += xb_[j];
  }
  for (std::uint32_t i = 0; i < count; ++i) {
    rmsnorm(row(x_, i, dim), row(x_, i, dim), checkpoint_.rms_final.data(), dim);
  }
  matmul_fp32(x_.data(), count, dim, checkpoint_.classifier_weights().data(), c.vocab_size,
              logits_.data());
  return logits_;
}

}  // namespace fineq
