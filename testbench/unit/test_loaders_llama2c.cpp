// llama2.c legacy checkpoints: tiny synthetic files whose every float is its own index (so
// each tensor's position in the file is checked against offsets derived here from the
// layout), the unshared-classifier variant, bad headers, truncation, and stories260K.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "shared_data.hpp"
#include "expect_contains.hpp"
#include "weight_loaders.hpp"
#include "temp_path.hpp"

using namespace fineq;

namespace {

struct Header {
  std::int32_t dim = 8, hidden_dim = 12, n_layers = 2, n_heads = 2, n_kv_heads = 1, vocab_size = 10,
               seq_len = 4;
};

// Number of floats of the legacy layout, written out from the format description.
std::uint64_t float_count(const Header& h) {
  const std::uint64_t dim = h.dim, hidden = h.hidden_dim, layers = h.n_layers,
                      vocab = static_cast<std::uint64_t>(std::abs(h.vocab_size));
  const std::uint64_t kv_dim = dim * h.n_kv_heads / h.n_heads;
  const std::uint64_t half_head = dim / h.n_heads / 2;
  std::uint64_t count = vocab * dim + layers * dim + layers * dim * dim + 2 * layers * kv_dim * dim +
                        layers * dim * dim + layers * dim + 3 * layers * hidden * dim + dim +
                        2 * static_cast<std::uint64_t>(h.seq_len) * half_head;
  if (h.vocab_size < 0) count += vocab * dim;
  return count;
}

// Writes the header and `floats` values, value i = i.
std::string write_checkpoint(const std::string& name, const Header& h, std::uint64_t floats) {
  const std::string path = fineq::test::unique_temp_path(name);
  std::ofstream out(path, std::ios::binary);
  const std::int32_t fields[7] = {h.dim, h.hidden_dim, h.n_layers, h.n_heads, h.n_kv_heads,
                                  h.vocab_size, h.seq_len};
  out.write(reinterpret_cast<const char*>(fields), sizeof fields);
  for (std::uint64_t i = 0; i < floats; ++i) {
    const float value = static_cast<float>(i);
    out.write(reinterpret_cast<const char*>(&value), sizeof value);
  }
  return path;
}

std::string load_error(const std::string& path) {
  try {
    load_llama2c_checkpoint(path);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "";
}

#define EXPECT_LOAD_ERROR(path, fragment) EXPECT_CONTAINS(load_error(path), fragment)

void expect_config(const Llama2cConfig& c, const Header& h) {
  EXPECT_EQ(c.dim, std::uint32_t(h.dim));
  EXPECT_EQ(c.hidden_dim, std::uint32_t(h.hidden_dim));
  EXPECT_EQ(c.n_layers, std::uint32_t(h.n_layers));
  EXPECT_EQ(c.n_heads, std::uint32_t(h.n_heads));
  EXPECT_EQ(c.n_kv_heads, std::uint32_t(h.n_kv_heads));
  EXPECT_EQ(c.vocab_size, std::uint32_t(std::abs(h.vocab_size)));
  EXPECT_EQ(c.seq_len, std::uint32_t(h.seq_len));
  EXPECT_EQ(c.shared_classifier, h.vocab_size > 0);
}

}  // namespace

TEST(Llama2cLoader, EveryTensorStartsAtItsOffset) {
  const Header h;
  const std::string path = write_checkpoint("tiny.bin", h, float_count(h));
  const Llama2cCheckpoint c = load_llama2c_checkpoint(path);
  expect_config(c.config, h);
  EXPECT_EQ(c.config.kv_dim(), 4u);
  // Offsets (in floats) of each array: embedding 10x8, rms_att 2x8, wq 2x8x8, wk/wv 2x4x8,
  // wo 2x8x8, rms_ffn 2x8, w1 2x12x8, w2 2x8x12, w3 2x12x8, rms_final 8, freq 4x2 twice.
  const struct {
    const std::vector<float>& values;
    float first;
    std::size_t size;
  } expected[] = {
      {c.token_embedding, 0, 80}, {c.rms_att, 80, 16}, {c.wq, 96, 128},    {c.wk, 224, 64},
      {c.wv, 288, 64},            {c.wo, 352, 128},    {c.rms_ffn, 480, 16}, {c.w1, 496, 192},
      {c.w2, 688, 192},           {c.w3, 880, 192},    {c.rms_final, 1072, 8},
      {c.freq_cis_real, 1080, 8}, {c.freq_cis_imag, 1088, 8},
  };
  for (const auto& e : expected) {
    ASSERT_EQ(e.values.size(), e.size);
    for (std::size_t i = 0; i < e.size; ++i) ASSERT_EQ(e.values[i], e.first + static_cast<float>(i));
  }
  EXPECT_TRUE(c.classifier.empty());
  EXPECT_EQ(&c.classifier_weights(), &c.token_embedding);
  std::remove(path.c_str());
}

TEST(Llama2cLoader, LinearWeightsAreNamedSlicedAndShaped) {
  const Header h;
  const std::string path = write_checkpoint("tiny_linear.bin", h, float_count(h));
  const std::vector<FloatMatrix> matrices = load_llama2c_linear_weights(path);
  ASSERT_EQ(matrices.size(), 14u);
  const struct {
    const char* name;
    std::uint32_t rows, cols;
    float base;  // offset of layer 0 in floats; layer l adds l * rows * cols
  } linears[] = {{"wq", 8, 8, 96},  {"wk", 4, 8, 224},  {"wv", 4, 8, 288},  {"wo", 8, 8, 352},
                 {"w1", 12, 8, 496}, {"w2", 8, 12, 688}, {"w3", 12, 8, 880}};
  for (std::uint32_t layer = 0; layer < 2; ++layer) {
    for (std::size_t j = 0; j < 7; ++j) {
      const FloatMatrix& m = matrices[layer * 7 + j];
      const auto& want = linears[j];
      SCOPED_TRACE(m.name);
      EXPECT_EQ(m.name, "layers." + std::to_string(layer) + "." + want.name);
      ASSERT_EQ(m.rows, want.rows);
      ASSERT_EQ(m.cols, want.cols);
      ASSERT_EQ(m.values.size(), std::size_t{want.rows} * want.cols);
      for (std::size_t i = 0; i < m.values.size(); ++i) {
        ASSERT_EQ(m.values[i], want.base + static_cast<float>(layer * want.rows * want.cols + i));
      }
    }
  }
  std::remove(path.c_str());
}

TEST(Llama2cLoader, NegativeVocabReadsTheSeparateClassifier) {
  Header h;
  h.vocab_size = -10;
  const std::string path = write_checkpoint("tiny_unshared.bin", h, float_count(h));
  const Llama2cCheckpoint c = load_llama2c_checkpoint(path);
  expect_config(c.config, h);
  ASSERT_EQ(c.classifier.size(), 80u);
  for (std::size_t i = 0; i < 80; ++i) ASSERT_EQ(c.classifier[i], 1096.0f + static_cast<float>(i));
  EXPECT_EQ(&c.classifier_weights(), &c.classifier);
  // The same file read as shared would have 80 floats too many.
  std::fstream patch(path, std::ios::in | std::ios::out | std::ios::binary);
  patch.seekp(5 * 4);
  const std::int32_t positive = 10;
  patch.write(reinterpret_cast<const char*>(&positive), 4);
  patch.close();
  EXPECT_LOAD_ERROR(path, "the header implies 4412 bytes but the file has 4732 (320 unexpected trailing bytes)");
  std::remove(path.c_str());
}

TEST(Llama2cLoader, EveryTruncationIsRejected) {
  Header h;
  h.vocab_size = -10;  // the classifier at the end must be checked too
  const std::string path = write_checkpoint("tiny_truncated.bin", h, float_count(h));
  const auto full = std::filesystem::file_size(path);
  for (auto length = full; length-- > 0;) {
    std::filesystem::resize_file(path, length);
    const std::string message = load_error(path);
    ASSERT_EQ(message.rfind(path + ": truncated", 0), 0u) << length << " bytes: " << message;
  }
  std::remove(path.c_str());
}

TEST(Llama2cLoader, TruncationNamesTheFirstTensorThatDoesNotFit) {
  const Header h;
  const std::string path = write_checkpoint("tiny_cut.bin", h, 230);  // ends inside wk
  EXPECT_LOAD_ERROR(path, "tensor wk does not fit");
  std::remove(path.c_str());
}

TEST(Llama2cLoader, BadHeadersAreNamed) {
  const char* names[] = {"dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"};
  for (int field = 0; field < 7; ++field) {
    Header h;
    std::int32_t* fields[] = {&h.dim, &h.hidden_dim, &h.n_layers, &h.n_heads, &h.n_kv_heads,
                              &h.vocab_size, &h.seq_len};
    *fields[field] = field == 5 ? 0 : -3;
    const std::string path = write_checkpoint("bad_header.bin", h, 2000);
    EXPECT_LOAD_ERROR(path, std::string("header field ") + names[field] + " = ");
    std::remove(path.c_str());
  }
  auto expect_header_error = [](Header h, const std::string& fragment) {
    const std::string path = write_checkpoint("bad_shape.bin", h, 2000);
    EXPECT_LOAD_ERROR(path, fragment);
    std::remove(path.c_str());
  };
  Header h;
  h.n_heads = 3;
  expect_header_error(h, "dim must be a multiple of n_heads");
  h = Header();
  h.n_kv_heads = 4;
  expect_header_error(h, "n_kv_heads must divide n_heads");
  h = Header();
  h.dim = 6;
  expect_header_error(h, "odd head size dim/n_heads = 3");
  h = Header();
  h.dim = 0x616b3432;  // "ak42": a versioned export
  expect_header_error(h, "only the legacy format");
  // Enormous dimensions are rejected from the header alone, before any allocation.
  h = Header();
  h.dim = 1 << 30;
  h.hidden_dim = 0x7FFFFFFF;
  h.n_layers = 0x7FFFFFFF;
  h.n_heads = 1 << 29;
  h.n_kv_heads = 1 << 29;
  expect_header_error(h, "truncated: the header implies 18446744073709551615 bytes");
  EXPECT_LOAD_ERROR(::testing::TempDir() + "no_such_model.bin", "no_such_model.bin: cannot open");
  EXPECT_LOAD_ERROR(::testing::TempDir(), "is a directory");
}

TEST(Llama2cLoader, NonFiniteValuesAreRejectedWithPosition) {
  const Header h;
  const std::string path = write_checkpoint("tiny_nan.bin", h, float_count(h));
  // wk layer 1, row 2, column 3: float index 224 + 32 + 2*8 + 3 = 275.
  std::fstream patch(path, std::ios::in | std::ios::out | std::ios::binary);
  patch.seekp(28 + 275 * 4);
  const float nan = std::nanf("");
  patch.write(reinterpret_cast<const char*>(&nan), 4);
  patch.close();
  EXPECT_LOAD_ERROR(path, "tensor 'wk': non-finite value nan at [1, 2, 3]");
  std::remove(path.c_str());
}

TEST(Llama2cLoader, Stories260K) {
  const std::string path = std::string(FINEQ_SHARED_DIR) + "/models/stories260K.bin";
  FINEQ_REQUIRE_SHARED_FILE(path);
  const Llama2cCheckpoint c = load_llama2c_checkpoint(path);
  expect_config(c.config, Header{64, 172, 5, 8, 4, 512, 512});
  const std::vector<FloatMatrix> matrices = linear_weights(c);
  ASSERT_EQ(matrices.size(), 35u);
  EXPECT_EQ(matrices[0].name, "layers.0.wq");
  EXPECT_EQ(matrices[34].name, "layers.4.w3");
  // Spot values read straight from the file at offsets computed from the layout:
  // layers.1.wk (32 x 64) row 3 col 5, and layers.4.w2 (64 x 172) row 63 col 171.
  auto float_at = [&](std::uint64_t index) {
    std::ifstream in(path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(28 + 4 * index));
    float value = 0;
    in.read(reinterpret_cast<char*>(&value), 4);
    return value;
  };
  const std::uint64_t wk = 512 * 64 + 5 * 64 + 5 * 64 * 64;
  EXPECT_EQ(matrices[7 + 1].name, "layers.1.wk");
  EXPECT_EQ(matrices[7 + 1].values[3 * 64 + 5], float_at(wk + 32 * 64 + 3 * 64 + 5));
  const std::uint64_t w2 = wk + 2 * 5 * 32 * 64 + 5 * 64 * 64 + 5 * 64 + 5 * 172 * 64;
  EXPECT_EQ(matrices[33].name, "layers.4.w2");
  EXPECT_EQ(matrices[33].rows, 64u);
  EXPECT_EQ(matrices[33].cols, 172u);
  EXPECT_EQ(matrices[33].values.back(), float_at(w2 + 5 * 64 * 172 - 1));
  EXPECT_NE(matrices[33].values.back(), 0.0f);
}
