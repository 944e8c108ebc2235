#pragma once
// llama2.c tokenizer.bin (uint32 max_token_length; per token: float32 score, uint32 length,
// bytes) with decoding and encoding as llama2.c's run.c does them.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace fineq {

class Tokenizer {
 public:
  // Reads exactly `vocab_size` tokens (the model's) and requires the file to end there, so a
  // tokenizer of another vocabulary is an error naming the file and both sizes.
  // Throws std::runtime_error naming the file and the field on any problem.
  static Tokenizer load(const std::string& path, std::uint32_t vocab_size);

  std::uint32_t vocab_size() const { return static_cast<std::uint32_t>(pieces_.size()); }
  const std::string& piece(std::uint32_t id) const { return pieces_.at(id); }

  // The bytes token `id` stands for, following `previous` (run.c's decode): a byte-fallback
  // token <0xHH> is the raw byte HH; after BOS (1) a leading space is dropped.
  std::string decode(std::uint32_t previous, std::uint32_t id) const;

  // run.c's encode: optional BOS, a dummy-prefix " " token for non-empty text, one token per
  // UTF-8 code point (or its bytes as <0xHH> tokens when the code point is not in the
  // vocabulary), then repeatedly the adjacent pair whose merge is in the vocabulary with the
  // highest score (the first such pair on equal scores) is merged. Throws
  // std::invalid_argument if a byte has neither a token nor a <0xHH> fallback token.
  std::vector<std::uint32_t> encode(const std::string& text, bool bos) const;

 private:
  std::vector<std::string> pieces_;
  std::vector<float> scores_;
  std::unordered_map<std::string, std::uint32_t> ids_;  // first id of each piece
  std::uint32_t max_token_length_ = 0;
};

}  // namespace fineq
