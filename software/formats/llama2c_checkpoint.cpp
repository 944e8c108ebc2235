#include "llama2c_checkpoint.hpp"

#include <limits>
#include <stdexcept>

#include "binary_reader.hpp"

namespace fineq {

namespace {
// First int32 of llama2.c's versioned exports ("ak42"), which this legacy reader does not read.
constexpr std::int32_t kVersionedExportMagic = 0x616b3432;
constexpr std::uint64_t kHeaderBytes = 7 * sizeof(std::int32_t);

struct TensorSlot {
  const char* name;
  std::vector<float> Llama2cCheckpoint::*member;
  std::vector<std::uint64_t> dims;
};

std::uint64_t element_count(const std::vector<std::uint64_t>& dims) {
  std::uint64_t count = 1;
  // Header fields are at most 2^31 each, so a product of three can overflow 64 bits.
  for (std::uint64_t d : dims) {
    if (__builtin_mul_overflow(count, d, &count)) count = std::numeric_limits<std::uint64_t>::max();
  }
  return count;
}

// The arrays of a legacy checkpoint in file order.
std::vector<TensorSlot> file_layout(const Llama2cConfig& c) {
  using C = Llama2cCheckpoint;
  const std::uint64_t layers = c.n_layers, dim = c.dim, hidden = c.hidden_dim, kv = c.kv_dim();
  std::vector<TensorSlot> slots = {
      {"token_embedding", &C::token_embedding, {c.vocab_size, dim}},
      {"rms_att", &C::rms_att, {layers, dim}},
      {"wq", &C::wq, {layers, dim, dim}},
      {"wk", &C::wk, {layers, kv, dim}},
      {"wv", &C::wv, {layers, kv, dim}},
      {"wo", &C::wo, {layers, dim, dim}},
      {"rms_ffn", &C::rms_ffn, {layers, dim}},
      {"w1", &C::w1, {layers, hidden, dim}},
      {"w2", &C::w2, {layers, dim, hidden}},
      {"w3", &C::w3, {layers, hidden, dim}},
      {"rms_final", &C::rms_final, {dim}},
      {"freq_cis_real", &C::freq_cis_real, {c.seq_len, c.head_size() / 2}},
      {"freq_cis_imag", &C::freq_cis_imag, {c.seq_len, c.head_size() / 2}},
  };
  if (!c.shared_classifier) slots.push_back({"classifier", &C::classifier, {c.vocab_size, dim}});
  return slots;
}

Llama2cConfig read_config(BinaryReader& reader) {
  const char* names[] = {"dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size",
                         "seq_len"};
  std::int32_t fields[7];
  for (int i = 0; i < 7; ++i) fields[i] = reader.i32(std::string("header field ") + names[i]);
  if (fields[0] == kVersionedExportMagic) {
    reader.fail("starts with the magic 'ak42' of a versioned llama2.c export; only the legacy "
                "format (7 int32 header fields, no magic) is supported");
  }
  for (int i = 0; i < 7; ++i) {
    const bool bad = (i == 5) ? (fields[i] == 0 || fields[i] == std::numeric_limits<std::int32_t>::min())
                              : fields[i] <= 0;
    if (bad) {
      reader.fail(std::string("header field ") + names[i] + " = " + std::to_string(fields[i]) +
                  (i == 5 ? ", expected a non-zero vocabulary size" : ", expected > 0"));
    }
  }
  Llama2cConfig c;
  c.dim = static_cast<std::uint32_t>(fields[0]);
  c.hidden_dim = static_cast<std::uint32_t>(fields[1]);
  c.n_layers = static_cast<std::uint32_t>(fields[2]);
  c.n_heads = static_cast<std::uint32_t>(fields[3]);
  c.n_kv_heads = static_cast<std::uint32_t>(fields[4]);
  c.shared_classifier = fields[5] > 0;
  c.vocab_size = static_cast<std::uint32_t>(fields[5] > 0 ? fields[5] : -fields[5]);
  c.seq_len = static_cast<std::uint32_t>(fields[6]);
  const std::string shape = " (dim " + std::to_string(c.dim) + ", n_heads " +
                            std::to_string(c.n_heads) + ", n_kv_heads " +
                            std::to_string(c.n_kv_heads) + ")";
  if (c.dim % c.n_heads != 0) reader.fail("header field dim must be a multiple of n_heads" + shape);
  if (c.n_kv_heads > c.n_heads || c.n_heads % c.n_kv_heads != 0) {
    reader.fail("header field n_kv_heads must divide n_heads" + shape);
  }
  if (c.head_size() % 2 != 0) {
    reader.fail("header fields give an odd head size dim/n_heads = " +
                std::to_string(c.head_size()) + "; rotary embeddings need it even");
  }
  return c;
}

// Compares the file size with the size the header implies before anything is allocated.
void check_file_size(const BinaryReader& reader, const std::vector<TensorSlot>& layout,
                     std::uint64_t file_size) {
  std::uint64_t end = kHeaderBytes;
  const char* first_cut = nullptr;
  for (const TensorSlot& slot : layout) {
    const std::uint64_t bytes = element_count(slot.dims);
    end = (bytes > (std::numeric_limits<std::uint64_t>::max() - end) / sizeof(float))
              ? std::numeric_limits<std::uint64_t>::max()
              : end + bytes * sizeof(float);
    if (end > file_size && first_cut == nullptr) first_cut = slot.name;
  }
  if (first_cut != nullptr) {
    reader.fail("truncated: the header implies " + std::to_string(end) +
                " bytes but the file has " + std::to_string(file_size) + "; tensor " +
                first_cut + " does not fit");
  }
  if (end != file_size) {
    // The legacy export writes nothing after the last array, so extra bytes mean a wrong
    // header or a different format; reading on would silently misplace every tensor.
    reader.fail("the header implies " + std::to_string(end) + " bytes but the file has " +
                std::to_string(file_size) + " (" + std::to_string(file_size - end) +
                " unexpected trailing bytes)");
  }
}
}  // namespace

Llama2cCheckpoint load_llama2c_checkpoint(const std::string& path) {
  std::ifstream in = open_binary_input(path);
  const std::uint64_t size = bytes_until_end(in);
  BinaryReader reader(in, size, path);
  Llama2cCheckpoint checkpoint;
  checkpoint.config = read_config(reader);
  const std::vector<TensorSlot> layout = file_layout(checkpoint.config);
  check_file_size(reader, layout, size);
  for (const TensorSlot& slot : layout) {
    std::vector<float>& values = checkpoint.*slot.member;
    values = reader.f32_array(element_count(slot.dims), std::string("tensor ") + slot.name);
    require_finite(path, slot.name, values, slot.dims);
  }
  return checkpoint;
}

std::vector<FloatMatrix> linear_weights(const Llama2cCheckpoint& checkpoint) {
  const Llama2cConfig& c = checkpoint.config;
  struct Linear {
    const char* name;
    const std::vector<float>& values;
    std::uint32_t rows, cols;
  };
  const Linear linears[] = {
      {"wq", checkpoint.wq, c.dim, c.dim},        {"wk", checkpoint.wk, c.kv_dim(), c.dim},
      {"wv", checkpoint.wv, c.kv_dim(), c.dim},   {"wo", checkpoint.wo, c.dim, c.dim},
      {"w1", checkpoint.w1, c.hidden_dim, c.dim}, {"w2", checkpoint.w2, c.dim, c.hidden_dim},
      {"w3", checkpoint.w3, c.hidden_dim, c.dim},
  };
  std::vector<FloatMatrix> matrices;
  matrices.reserve(static_cast<std::size_t>(c.n_layers) * std::size(linears));
  for (std::uint32_t layer = 0; layer < c.n_layers; ++layer) {
    for (const Linear& linear : linears) {
      const std::size_t count = static_cast<std::size_t>(linear.rows) * linear.cols;
      const auto begin = linear.values.begin() + static_cast<std::ptrdiff_t>(layer * count);
      matrices.push_back({"layers." + std::to_string(layer) + "." + linear.name, linear.rows,
                          linear.cols, std::vector<float>(begin, begin + static_cast<std::ptrdiff_t>(count))});
    }
  }
  return matrices;
}

std::vector<FloatMatrix> load_llama2c_linear_weights(const std::string& path) {
  return linear_weights(load_llama2c_checkpoint(path));
}

}  // namespace fineq
