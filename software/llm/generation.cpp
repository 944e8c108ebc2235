#include "generation.hpp"

#include <stdexcept>
#include <string>

namespace fineq {

std::vector<std::uint32_t> generate_tokens(Transformer& transformer, Sampler& sampler,
                                           const std::vector<std::uint32_t>& prompt, std::uint32_t steps,
                                           const std::function<void(const GenerationStep&)>& on_token) {
  const std::uint32_t seq_len = transformer.config().seq_len;
  const std::uint32_t vocab = transformer.config().vocab_size;
  if (prompt.empty()) throw std::invalid_argument("generate: the prompt needs at least the BOS token");
  if (steps < 1) throw std::invalid_argument("--steps must be >= 1, got " + std::to_string(steps));
  // The last new token is sampled, never run, so it may take position seq_len.
  if (prompt.size() + steps - 1 > seq_len) {
    throw std::invalid_argument("--steps " + std::to_string(steps) + " with a prompt of " +
                                std::to_string(prompt.size()) + " tokens exceeds the model's seq_len " +
                                std::to_string(seq_len) + " (at most " +
                                std::to_string(prompt.size() > seq_len ? 0 : seq_len + 1 - prompt.size()) +
                                " steps)");
  }
  std::vector<std::uint32_t> generated;
  std::vector<float> last(vocab);
  const std::vector<float>* logits = &transformer.forward(prompt.data(), static_cast<std::uint32_t>(prompt.size()), 0);
  std::uint32_t position = static_cast<std::uint32_t>(prompt.size());
  std::uint32_t batch = position;
  for (std::uint32_t step = 0; step < steps; ++step) {
    const float* row = logits->data() + static_cast<std::size_t>(batch - 1) * vocab;
    last.assign(row, row + vocab);
    const std::uint32_t token = sampler.sample(last.data(), vocab);
    if (token == kBosToken) break;
    generated.push_back(token);
    if (on_token) on_token({token, position, batch});
    if (step + 1 == steps) break;
    logits = &transformer.forward(&token, 1, position);
    ++position;
    batch = 1;
  }
  return generated;
}

}  // namespace fineq
