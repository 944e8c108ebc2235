#pragma once
// The FP32 forward pass of a llama2.c checkpoint (run.c's `forward`): token embedding, per
// block RMSNorm, q/k/v, RoPE from the checkpoint's tables, grouped-query attention over a KV
// cache, output projection, RMSNorm, SwiGLU feed-forward; final RMSNorm and classifier
// (shared with the embedding or separate). Every block linear layer goes through
// LinearLayers; everything else stays FP32 here.
#include <cstdint>
#include <vector>

#include "linear_layers.hpp"

namespace fineq {

class Transformer {
 public:
  // Keeps references: checkpoint and linears must outlive this object.
  Transformer(const Llama2cCheckpoint& checkpoint, LinearLayers& linears);

  // Optional; nullptr (the default) observes nothing.
  void set_observer(LinearInputObserver* observer) { observer_ = observer; }

  // Runs `count` tokens at positions start .. start+count-1 as one batch (a prompt's prefill
  // or a held-out window); positions 0 .. start-1 must have been run before (they are in the
  // KV cache). Returns the logits, count x vocab_size row-major, valid until the next call.
  // Throws std::out_of_range for a token id >= vocab_size or positions beyond seq_len.
  const std::vector<float>& forward(const std::uint32_t* tokens, std::uint32_t count,
                                    std::uint32_t start);

  const Llama2cConfig& config() const { return checkpoint_.config; }

 private:
  void linear(std::uint32_t layer, LinearKind kind, const float* x, std::uint32_t m, float* y);
  void resize_batch(std::uint32_t count);

  const Llama2cCheckpoint& checkpoint_;
  LinearLayers& linears_;
  LinearInputObserver* observer_ = nullptr;
  // Activations of the current batch (count rows each).
  std::vector<float> x_, xb_, xb2_, q_, k_, v_, hb_, hb2_, logits_;
  std::vector<float> scores_;  // seq_len
  // [layer][position][kv_dim]
  std::vector<float> key_cache_, value_cache_;
};

}  // namespace fineq
