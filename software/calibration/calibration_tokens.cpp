#include "calibration_tokens.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "fp32_linear_layers.hpp"
#include "generation.hpp"
#include "sampler.hpp"
#include "transformer.hpp"

namespace fineq {

namespace {
TokenSequences cut_into_windows(const std::vector<std::uint32_t>& tokens, std::uint32_t window) {
  TokenSequences sequences;
  for (std::size_t first = 0; first < tokens.size(); first += window) {
    const std::size_t last = std::min(tokens.size(), first + window);
    sequences.emplace_back(tokens.begin() + static_cast<std::ptrdiff_t>(first),
                           tokens.begin() + static_cast<std::ptrdiff_t>(last));
  }
  return sequences;
}
}  // namespace

TokenSequences calibration_tokens_from_file(const std::string& path, std::uint32_t vocab_size,
                                            std::uint64_t count, std::uint32_t window) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open the calibration token file");
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() % 2 != 0) {
    throw std::runtime_error(path + ": " + std::to_string(bytes.size()) +
                             " bytes is odd; expected little-endian uint16 token ids");
  }
  const std::uint64_t available = bytes.size() / 2;
  if (available < count) {
    throw std::runtime_error(path + ": too few calibration tokens: the file holds " + std::to_string(available) +
                             ", " + std::to_string(count) + " requested (--calibration-tokens)");
  }
  std::vector<std::uint32_t> tokens;
  tokens.reserve(count);
  for (std::uint64_t i = available - count; i < available; ++i) {
    const std::uint32_t id = bytes[2 * i] | (static_cast<std::uint32_t>(bytes[2 * i + 1]) << 8);
    if (id >= vocab_size) {
      throw std::runtime_error(path + ": token " + std::to_string(i) + " has id " + std::to_string(id) +
                               ", beyond the model's vocabulary of " + std::to_string(vocab_size));
    }
    tokens.push_back(id);
  }
  return cut_into_windows(tokens, window);
}

TokenSequences sampled_calibration_tokens(const Llama2cCheckpoint& checkpoint, std::uint64_t count,
                                          std::uint32_t window, std::uint64_t seed) {
  Fp32LinearLayers linears(checkpoint);
  Transformer transformer(checkpoint, linears);
  Sampler sampler(1.0f, seed);
  TokenSequences sequences;
  std::uint64_t total = 0;
  while (total < count) {
    const auto length = static_cast<std::uint32_t>(std::min<std::uint64_t>(window, count - total));
    std::vector<std::uint32_t> sequence = {kBosToken};
    if (length > 1) {
      const std::vector<std::uint32_t> generated = generate_tokens(transformer, sampler, sequence, length - 1);
      // Generation stops early at BOS (the end of a story); the sequence ends there.
      sequence.insert(sequence.end(), generated.begin(), generated.end());
      if (sequence.back() == kBosToken) sequence.pop_back();
    }
    total += sequence.size();
    sequences.push_back(std::move(sequence));
  }
  return sequences;
}

std::uint64_t token_count(const TokenSequences& sequences) {
  std::uint64_t total = 0;
  for (const auto& sequence : sequences) total += sequence.size();
  return total;
}

}  // namespace fineq
