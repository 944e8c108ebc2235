#include "evaluation_set.hpp"

#include <stdexcept>

#include "binary_reader.hpp"
#include "fp32_linear_layers.hpp"
#include "generation.hpp"

namespace fineq {

std::uint64_t EvaluationSet::scored_tokens() const {
  std::uint64_t count = 0;
  for (const auto& sequence : sequences) count += sequence.size() - 1;
  return count;
}

EvaluationSet load_heldout_windows(const std::string& path, std::uint32_t vocab_size, std::uint32_t length,
                                   std::uint32_t windows) {
  std::ifstream in = open_binary_input(path);
  const std::uint64_t size = bytes_until_end(in);
  BinaryReader reader(in, size, path);
  if (size % 2 != 0) {
    reader.fail("has an odd byte count " + std::to_string(size) + "; expected uint16 token ids (2 bytes each)");
  }
  const std::uint64_t needed = static_cast<std::uint64_t>(windows) * (length + 1ull);
  if (size / 2 < needed) {
    reader.fail("holds " + std::to_string(size / 2) + " token ids, fewer than the " + std::to_string(needed) +
                " that " + std::to_string(windows) + " windows of " + std::to_string(length + 1) + " need");
  }
  const std::vector<std::uint16_t> ids = reader.u16_array(needed, "token ids");
  EvaluationSet set;
  for (std::uint64_t i = 0; i < needed; ++i) {
    if (ids[i] >= vocab_size) {
      reader.fail("token id " + std::to_string(ids[i]) + " at index " + std::to_string(i) +
                  " is out of range for the model's vocabulary of " + std::to_string(vocab_size));
    }
  }
  for (std::uint32_t w = 0; w < windows; ++w) {
    const auto begin = ids.begin() + static_cast<std::ptrdiff_t>(std::uint64_t(w) * (length + 1));
    set.sequences.emplace_back(begin, begin + length + 1);
  }
  set.description = path + ": first " + std::to_string(windows) + " windows of " + std::to_string(length + 1) +
                    " tokens";
  return set;
}

EvaluationSet sample_sequences(const Llama2cCheckpoint& checkpoint, std::uint32_t count, std::uint32_t length,
                               std::uint64_t seed) {
  const std::uint32_t vocab = checkpoint.config.vocab_size;
  if (length < 1 || length > checkpoint.config.seq_len) {
    throw std::invalid_argument("--length must be 1.." + std::to_string(checkpoint.config.seq_len) +
                                " (the model's seq_len), got " + std::to_string(length));
  }
  Fp32LinearLayers linears(checkpoint);
  EvaluationSet set;
  for (std::uint32_t i = 0; i < count; ++i) {
    Transformer transformer(checkpoint, linears);
    Sampler sampler(1.0f, seed + i);
    std::vector<std::uint32_t> sequence = {kBosToken};
    std::vector<float> logits(vocab);
    for (std::uint32_t pos = 0; pos < length; ++pos) {
      const std::vector<float>& out = transformer.forward(&sequence.back(), 1, pos);
      logits.assign(out.begin(), out.begin() + vocab);
      sequence.push_back(sampler.sample(logits.data(), vocab));
    }
    set.sequences.push_back(std::move(sequence));
  }
  set.description = std::to_string(count) + " sequences of " + std::to_string(length + 1) +
                    " tokens sampled from the FP32 model at temperature 1 from BOS, seeds " + std::to_string(seed) +
                    ".." + std::to_string(seed + count - 1);
  return set;
}

}  // namespace fineq
