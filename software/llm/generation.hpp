#pragma once
// Autoregressive generation as llama2.c's run.c does it: the prompt (which starts with BOS,
// id 1) runs as one batch, then one token at a time; generation stops after `steps` new
// tokens or when the model emits BOS (run.c's end-of-sequence convention).
#include <cstdint>
#include <functional>
#include <vector>

#include "sampler.hpp"
#include "transformer.hpp"

namespace fineq {

constexpr std::uint32_t kBosToken = 1;

struct GenerationStep {
  std::uint32_t token;       // the new token
  std::uint32_t position;    // its position in the sequence (prompt tokens come first)
  std::uint32_t batch_size;  // tokens the forward call that produced it ran (prompt length, then 1)
};

// Returns the generated tokens (without the prompt). on_token, if set, sees each as it comes.
// Throws std::invalid_argument for an empty prompt, steps < 1, or a prompt plus steps that
// does not fit the model's seq_len (prompt.size() + steps - 1 > seq_len).
std::vector<std::uint32_t> generate_tokens(Transformer& transformer, Sampler& sampler,
                                           const std::vector<std::uint32_t>& prompt, std::uint32_t steps,
                                           const std::function<void(const GenerationStep&)>& on_token = {});

}  // namespace fineq
