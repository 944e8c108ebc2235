#pragma once
// Reader for llama2.c legacy checkpoints (FINEQ-SPEC section 7): 7 int32 header fields,
// then float32 arrays in a fixed order. A negative vocab_size marks the variant whose
// classifier is stored separately at the end instead of being shared with the embedding.
#include <cstdint>
#include <string>
#include <vector>

#include "float_matrix.hpp"

namespace fineq {

struct Llama2cConfig {
  std::uint32_t dim = 0;
  std::uint32_t hidden_dim = 0;
  std::uint32_t n_layers = 0;
  std::uint32_t n_heads = 0;
  std::uint32_t n_kv_heads = 0;
  std::uint32_t vocab_size = 0;  // |vocab_size| of the header
  std::uint32_t seq_len = 0;
  bool shared_classifier = true;  // header vocab_size > 0

  std::uint32_t head_size() const { return dim / n_heads; }
  std::uint32_t kv_dim() const { return dim / n_heads * n_kv_heads; }
};

// All tensors of a checkpoint, each row-major with the shape in its comment (L = n_layers).
struct Llama2cCheckpoint {
  Llama2cConfig config;
  std::vector<float> token_embedding;  // [vocab, dim]
  std::vector<float> rms_att;          // [L, dim]
  std::vector<float> wq;               // [L, dim, dim]
  std::vector<float> wk;               // [L, kv_dim, dim]
  std::vector<float> wv;               // [L, kv_dim, dim]
  std::vector<float> wo;               // [L, dim, dim]
  std::vector<float> rms_ffn;          // [L, dim]
  std::vector<float> w1;               // [L, hidden, dim]
  std::vector<float> w2;               // [L, dim, hidden]
  std::vector<float> w3;               // [L, hidden, dim]
  std::vector<float> rms_final;        // [dim]
  std::vector<float> freq_cis_real;    // [seq_len, head_size / 2]
  std::vector<float> freq_cis_imag;    // [seq_len, head_size / 2]
  std::vector<float> classifier;       // [vocab, dim]; empty when shared with token_embedding

  // The classifier weights actually used: token_embedding when shared.
  const std::vector<float>& classifier_weights() const {
    return config.shared_classifier ? token_embedding : classifier;
  }
};

// Reads and validates a whole checkpoint: header sanity, exact file size, finite values.
// Throws std::runtime_error naming the file and the offending field or tensor.
Llama2cCheckpoint load_llama2c_checkpoint(const std::string& path);

// The linear matrices of a checkpoint, named "layers.<l>.<wq|wk|wv|wo|w1|w2|w3>", layer by
// layer in that order; each is (out, in) as stored, so K is the input dimension.
std::vector<FloatMatrix> linear_weights(const Llama2cCheckpoint& checkpoint);

// load_llama2c_checkpoint + linear_weights.
std::vector<FloatMatrix> load_llama2c_linear_weights(const std::string& path);

}  // namespace fineq
