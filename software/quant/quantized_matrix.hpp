#pragma once
// A quantized weight matrix W (N rows = output channels, K columns = reduction dimension)
// as stored in a .fqw file and consumed by the golden reference and the accelerator model.
#include <cstdint>
#include <string>
#include <vector>

#include "codebook.hpp"

namespace fineq {

enum class Encoding : std::uint8_t {
  FineQV1 = 1,           // one byte per cluster of 3 weights (FINEQ-SPEC section 2)
  IntB = 2,              // b-bit two's complement, packed LSB first, rows byte-aligned
  IntBWithFp16Cols = 3,  // IntB plus a few columns kept in FP16 (OWQ-style baseline)
  // 2-bit IntB codes -1/+1 (binarized weight) or 0 (salient weight, its FP16 value in
  // fp16_values, row-major in column order): the PB-LLM-style baseline.
  BinaryWithFp16 = 4,
};

enum class ClusterRule : std::uint8_t { None = 0, Paper = 1, MinError = 2 };

const char* encoding_name(Encoding encoding);

// Unpacks `count` b-bit two's-complement codes (IntB, LSB first) starting `first_bit` bits
// into `bytes`: the one IntB unpacker, shared by decode_row and the accelerator model.
void unpack_intb(const std::uint8_t* bytes, std::uint64_t first_bit, std::uint32_t bits,
                 std::uint32_t count, std::int8_t* out);
const char* rule_name(ClusterRule rule);

struct QuantizedMatrix {
  std::string name;
  std::uint32_t rows = 0;  // N
  std::uint32_t cols = 0;  // K (real weights; FineQ pads each row to a multiple of 3)
  Encoding encoding = Encoding::FineQV1;
  std::uint8_t bits = 2;  // IntB code width (2..8); FineQ: unused, stored as 0
  Codebook codebook = Codebook::default_codebook();  // FineQ only
  ClusterRule rule = ClusterRule::None;
  float threshold = 0.0f;         // `paper` rule threshold T
  std::uint32_t group_size = 0;   // weights along K per scale; 0 = one scale per row
  std::vector<std::uint16_t> scales;  // FP16, rows * groups_per_row(), row-major
  std::vector<std::uint8_t> payload;  // rows * row_bytes(), row-major
  // OWQ-style baseline only: sorted column indices kept in FP16, and their values
  // (rows * fp16_columns.size(), row-major). Their IntB codes in the payload are zero.
  // BinaryWithFp16: fp16_columns is empty and fp16_values holds one value per zero code.
  std::vector<std::uint32_t> fp16_columns;
  std::vector<std::uint16_t> fp16_values;

  // Weights kept in FP16 (columns or salient values): the integer datapath cannot run these.
  // By encoding, not by count: an intb+fp16cols tensor with no FP16 columns is still one, and
  // the device would refuse its encoding with a bare WEIGHT_FORMAT error.
  bool has_fp16_weights() const {
    return encoding == Encoding::IntBWithFp16Cols || encoding == Encoding::BinaryWithFp16;
  }
  // "tensor 'NAME' keeps FP16 columns (encoding intb+fp16cols)": why the integer datapath
  // (golden GEMM, accelerator) refuses it.
  std::string fp16_refusal() const;

  std::uint32_t padded_cols() const;  // FineQ: 3*ceil(K/3); IntB: K
  std::uint32_t row_bytes() const;    // payload bytes of one row
  std::uint32_t groups_per_row() const;
  // Which scale group column k belongs to.
  std::uint32_t group_of(std::uint32_t k) const { return group_size == 0 ? 0 : k / group_size; }
  float scale(std::uint32_t row, std::uint32_t group) const;

  // Checks sizes and field ranges; throws std::invalid_argument naming the field.
  void validate() const;

  // Integer weights of one row (K values, FP16 columns and salient weights read as 0).
  void decode_row(std::uint32_t row, std::int8_t* out) const;
  // All integer weights, N x K row-major.
  std::vector<std::int8_t> decode_all() const;
  // Dequantized FP32 weights N x K (integer * scale, FP16 columns and values as stored).
  std::vector<float> dequantize() const;
};

}  // namespace fineq
