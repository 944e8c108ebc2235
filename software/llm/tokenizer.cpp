#include "tokenizer.hpp"

#include <cstdio>
#include <stdexcept>

#include "binary_reader.hpp"

namespace fineq {

namespace {
constexpr std::uint32_t kBos = 1;

// The byte of a "<0xHH>" piece (upper-case hex as llama2.c writes it), or -1.
int fallback_byte(const std::string& piece) {
  unsigned value = 0;
  char tail = 0;
  if (piece.size() == 6 && std::sscanf(piece.c_str(), "<0x%2X%c", &value, &tail) == 2 && tail == '>') {
    return static_cast<int>(value);
  }
  return -1;
}
}  // namespace

Tokenizer Tokenizer::load(const std::string& path, std::uint32_t vocab_size) {
  std::ifstream in = open_binary_input(path);
  const std::uint64_t size = bytes_until_end(in);
  BinaryReader reader(in, size, path);
  Tokenizer tokenizer;
  tokenizer.max_token_length_ = reader.u32("max_token_length");
  tokenizer.pieces_.reserve(vocab_size);
  for (std::uint32_t id = 0; id < vocab_size; ++id) {
    const std::string field = "token " + std::to_string(id);
    if (reader.remaining() == 0) {
      reader.fail("holds " + std::to_string(id) + " tokens but the model's vocabulary has " +
                  std::to_string(vocab_size) + " (tokenizer and model do not match)");
    }
    const float score = reader.f32(field + " score");
    const std::uint32_t length = reader.u32(field + " length");
    if (length > tokenizer.max_token_length_) {
      reader.fail(field + " has length " + std::to_string(length) + ", above max_token_length " +
                  std::to_string(tokenizer.max_token_length_));
    }
    const std::vector<std::uint8_t> bytes = reader.bytes(length, field + " bytes");
    tokenizer.pieces_.emplace_back(bytes.begin(), bytes.end());
    tokenizer.scores_.push_back(score);
    tokenizer.ids_.emplace(tokenizer.pieces_.back(), id);
  }
  if (reader.remaining() != 0) {
    reader.fail("has " + std::to_string(reader.remaining()) + " bytes after the model's " +
                std::to_string(vocab_size) +
                " tokens: its vocabulary is larger than the model's (tokenizer and model do not match)");
  }
  return tokenizer;
}

std::string Tokenizer::decode(std::uint32_t previous, std::uint32_t id) const {
  const std::string& text = piece(id);
  const int byte = fallback_byte(text);
  if (byte >= 0) return std::string(1, static_cast<char>(byte));
  if (previous == kBos && !text.empty() && text[0] == ' ') return text.substr(1);
  return text;
}

std::vector<std::uint32_t> Tokenizer::encode(const std::string& text, bool bos) const {
  std::vector<std::uint32_t> tokens;
  if (bos) tokens.push_back(kBos);
  auto lookup = [&](const std::string& s) {
    const auto found = ids_.find(s);
    return found == ids_.end() ? -1 : static_cast<long>(found->second);
  };
  if (!text.empty()) {
    const long space = lookup(" ");
    if (space < 0) throw std::invalid_argument("tokenizer has no \" \" token for the dummy prefix");
    tokens.push_back(static_cast<std::uint32_t>(space));
  }
  for (std::size_t i = 0; i < text.size();) {
    // A UTF-8 code point: a lead byte and its continuation bytes (at most 4 in all).
    std::size_t end = i + 1;
    while (end < text.size() && end - i < 4 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    const std::string code_point = text.substr(i, end - i);
    const long id = lookup(code_point);
    if (id >= 0) {
      tokens.push_back(static_cast<std::uint32_t>(id));
    } else {
      for (unsigned char byte : code_point) {
        char name[7];
        std::snprintf(name, sizeof name, "<0x%02X>", byte);
        const long fallback = lookup(name);
        if (fallback < 0) {
          throw std::invalid_argument(std::string("prompt byte ") + name +
                                      " has no token and no byte-fallback token in the tokenizer");
        }
        tokens.push_back(static_cast<std::uint32_t>(fallback));
      }
    }
    i = end;
  }
  for (;;) {
    float best_score = -1e10f;  // run.c's starting value
    long best_id = -1;
    std::size_t best_index = 0;
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
      const long id = lookup(pieces_[tokens[i]] + pieces_[tokens[i + 1]]);
      if (id >= 0 && scores_[static_cast<std::size_t>(id)] > best_score) {
        best_score = scores_[static_cast<std::size_t>(id)];
        best_id = id;
        best_index = i;
      }
    }
    if (best_id < 0) break;
    tokens[best_index] = static_cast<std::uint32_t>(best_id);
    tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(best_index) + 1);
  }
  return tokens;
}

}  // namespace fineq
