// llama2.c tokenizer: a tiny tokenizer.bin written by the test; encodings derived by hand.
#include <gtest/gtest.h>

#include <fstream>

#include "expect_contains.hpp"
#include "temp_path.hpp"
#include "tokenizer.hpp"

using namespace fineq;

namespace {

// id: piece (score). Merges: "ab" 5 > "ba" 4 > " ab" 3; "abab" is not a token.
const std::vector<std::pair<std::string, float>> kVocab = {
    {"<unk>", 0}, {"\n<s>\n", 0}, {"\n</s>\n", 0}, {"<0xC3>", 0}, {"<0xA9>", 0}, {" ", -1},
    {"a", -2},    {"b", -2},      {"ab", 5},       {" ab", 3},    {"ba", 4},     {"<0x0A>", 0}};

std::string write_tokenizer(const std::string& name, std::size_t count = kVocab.size(),
                            std::uint32_t max_length = 6) {
  const std::string path = fineq::test::unique_temp_path(name);
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(&max_length), 4);
  for (std::size_t i = 0; i < count; ++i) {
    const auto& [piece, score] = kVocab[i];
    const auto length = static_cast<std::uint32_t>(piece.size());
    out.write(reinterpret_cast<const char*>(&score), 4);
    out.write(reinterpret_cast<const char*>(&length), 4);
    out.write(piece.data(), length);
  }
  return path;
}

std::string load_error(const std::string& path, std::uint32_t vocab) {
  try {
    Tokenizer::load(path, vocab);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST(LlmTokenizer, EncodeMergesByScore) {
  const Tokenizer tokenizer = Tokenizer::load(write_tokenizer("tok.bin"), 12);
  // BOS, " ", a, b, a, b -> "ab" (5) at the first pair -> BOS " " ab a b -> the second "ab"
  // -> BOS " " ab ab -> " ab" (3) -> BOS " ab" ab; "abab" and " abab" are not tokens.
  EXPECT_EQ(tokenizer.encode("abab", true), (std::vector<std::uint32_t>{1, 9, 8}));
  // "ba" (4) is the best pair of " b a": BOS " " ba.
  EXPECT_EQ(tokenizer.encode("ba", true), (std::vector<std::uint32_t>{1, 5, 10}));
  EXPECT_EQ(tokenizer.encode("", false), (std::vector<std::uint32_t>{}));
}

TEST(LlmTokenizer, EncodeFallsBackToBytesForUnknownCodePoints) {
  const Tokenizer tokenizer = Tokenizer::load(write_tokenizer("tok_bytes.bin"), 12);
  // U+00E9 is C3 A9 in UTF-8 and not a token: its two byte tokens; "\n" is <0x0A>.
  EXPECT_EQ(tokenizer.encode("\xC3\xA9\n", false), (std::vector<std::uint32_t>{5, 3, 4, 11}));
  EXPECT_THROW(tokenizer.encode("z", false), std::invalid_argument);
}

TEST(LlmTokenizer, DecodeRawBytesAndStripsTheSpaceAfterBos) {
  const Tokenizer tokenizer = Tokenizer::load(write_tokenizer("tok_decode.bin"), 12);
  EXPECT_EQ(tokenizer.decode(1, 9), "ab");
  EXPECT_EQ(tokenizer.decode(6, 9), " ab");
  EXPECT_EQ(tokenizer.decode(6, 3), "\xC3");
  EXPECT_EQ(tokenizer.decode(6, 11), "\n");
  EXPECT_EQ(tokenizer.decode(3, 4), "\xA9");
}

TEST(LlmTokenizer, VocabularyMismatchAndCorruptionAreErrors) {
  const std::string path = write_tokenizer("tok_mismatch.bin");
  EXPECT_CONTAINS(load_error(path, 13), "holds 12 tokens but the model's vocabulary has 13");
  EXPECT_CONTAINS(load_error(path, 11), "vocabulary is larger than the model's");
  EXPECT_CONTAINS(load_error(write_tokenizer("tok_long.bin", 12, 2), 12), "above max_token_length");
  const std::string truncated = write_tokenizer("tok_truncated.bin");
  std::filesystem::resize_file(truncated, std::filesystem::file_size(truncated) - 3);
  EXPECT_CONTAINS(load_error(truncated, 12), "tok_truncated.bin");
  EXPECT_CONTAINS(load_error(fineq::test::unique_temp_path("missing_tokenizer.bin"), 12), "missing_tokenizer.bin");
}
