#include "quantized_matrix.hpp"

#include <cmath>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "cluster_codec.hpp"
#include "fp16.hpp"

namespace fineq {

const char* encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::FineQV1: return "fineq-v1";
    case Encoding::IntB: return "intb";
    case Encoding::IntBWithFp16Cols: return "intb+fp16cols";
    case Encoding::BinaryWithFp16: return "binary+fp16";
  }
  return "unknown";
}

const char* rule_name(ClusterRule rule) {
  switch (rule) {
    case ClusterRule::None: return "none";
    case ClusterRule::Paper: return "paper";
    case ClusterRule::MinError: return "min-error";
  }
  return "unknown";
}

std::uint32_t QuantizedMatrix::padded_cols() const {
  // 64-bit sum: cols near 2^32 must not wrap (2^32-1 is itself a multiple of 3).
  if (encoding == Encoding::FineQV1) {
    return static_cast<std::uint32_t>((std::uint64_t{cols} + kClusterSize - 1) / kClusterSize * kClusterSize);
  }
  return cols;
}

std::uint32_t QuantizedMatrix::row_bytes() const {
  if (encoding == Encoding::FineQV1) return padded_cols() / kClusterSize;
  return static_cast<std::uint32_t>((static_cast<std::uint64_t>(cols) * bits + 7) / 8);
}

std::uint32_t QuantizedMatrix::groups_per_row() const {
  if (group_size == 0) return 1;
  return static_cast<std::uint32_t>((std::uint64_t{cols} + group_size - 1) / group_size);
}

float QuantizedMatrix::scale(std::uint32_t row, std::uint32_t group) const {
  return half_to_float(scales[static_cast<std::size_t>(row) * groups_per_row() + group]);
}

void QuantizedMatrix::validate() const {
  auto fail = [this](const std::string& what) {
    throw std::invalid_argument("tensor '" + name + "': " + what);
  };
  if (rows == 0 || cols == 0) fail("shape must be non-zero, got " + std::to_string(rows) + "x" +
                                   std::to_string(cols));
  switch (encoding) {
    case Encoding::FineQV1:
      if (bits != 0) fail("field bits must be 0 for fineq-v1, got " + std::to_string(bits));
      if (group_size % kClusterSize != 0) {
        fail("group_size must be a multiple of 3 for fineq-v1, got " + std::to_string(group_size));
      }
      if (!fp16_columns.empty()) fail("fineq-v1 tensors cannot hold FP16 columns");
      break;
    case Encoding::IntB:
    case Encoding::IntBWithFp16Cols:
      if (bits < 2 || bits > 8) fail("field bits must be 2..8, got " + std::to_string(bits));
      if (encoding == Encoding::IntB && !fp16_columns.empty()) {
        fail("intb tensors cannot hold FP16 columns");
      }
      break;
    case Encoding::BinaryWithFp16:
      if (bits != 2) fail("field bits must be 2 for binary+fp16, got " + std::to_string(bits));
      if (!fp16_columns.empty()) fail("binary+fp16 tensors cannot hold FP16 columns");
      break;
    default:
      fail("unknown encoding " + std::to_string(static_cast<int>(encoding)));
  }
  if (rule != ClusterRule::None && rule != ClusterRule::Paper && rule != ClusterRule::MinError) {
    fail("unknown cluster rule " + std::to_string(static_cast<int>(rule)));
  }
  const std::uint64_t want_scales = static_cast<std::uint64_t>(rows) * groups_per_row();
  if (scales.size() != want_scales) {
    fail("expected " + std::to_string(want_scales) + " scales, got " +
         std::to_string(scales.size()));
  }
  for (std::uint16_t s : scales) {
    const float value = half_to_float(s);
    if (!std::isfinite(value) || value < 0.0f) fail("scales must be finite and >= 0");
  }
  const std::uint64_t want_payload = static_cast<std::uint64_t>(rows) * row_bytes();
  if (payload.size() != want_payload) {
    fail("expected " + std::to_string(want_payload) + " payload bytes, got " +
         std::to_string(payload.size()));
  }
  for (std::size_t i = 0; i < fp16_columns.size(); ++i) {
    if (fp16_columns[i] >= cols || (i > 0 && fp16_columns[i] <= fp16_columns[i - 1])) {
      fail("FP16 column indices must be ascending and below K");
    }
  }
  if (encoding == Encoding::BinaryWithFp16) {
    std::uint64_t zero_codes = 0;
    for (std::int8_t code : decode_all()) {
      if (code < -1 || code > 1) fail("binary+fp16 codes must be -1, 0 or 1, got " + std::to_string(code));
      zero_codes += code == 0;
    }
    if (fp16_values.size() != zero_codes) {
      fail("expected one FP16 value per zero code (" + std::to_string(zero_codes) + "), got " +
           std::to_string(fp16_values.size()));
    }
  } else if (fp16_values.size() != static_cast<std::uint64_t>(rows) * fp16_columns.size()) {
    fail("expected rows * FP16 columns FP16 values");
  }
}

void unpack_intb(const std::uint8_t* bytes, std::uint64_t first_bit, std::uint32_t bits,
                 std::uint32_t count, std::int8_t* out) {
  // Byte-aligned INT8 and nibble-aligned INT4, the baseline PEs' formats, skip the bit
  // gathering below; the results are the same.
  if (bits == 8 && first_bit % 8 == 0) {
    std::memcpy(out, bytes + first_bit / 8, count);
    return;
  }
  if (bits == 4 && first_bit % 4 == 0) {
    const std::uint8_t* cursor = bytes + first_bit / 8;
    for (std::uint32_t i = 0, nibble = static_cast<std::uint32_t>(first_bit / 4 % 2); i < count;
         ++i, ++nibble) {
      const int code = (cursor[nibble / 2] >> (4 * (nibble % 2))) & 0xF;
      out[i] = static_cast<std::int8_t>(code >= 8 ? code - 16 : code);
    }
    return;
  }
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint64_t bit = first_bit + static_cast<std::uint64_t>(i) * bits;
    // Gather up to 16 bits starting at `bit` (b <= 8 spans at most two bytes).
    unsigned word = bytes[bit / 8];
    if ((bit % 8) + bits > 8) word |= static_cast<unsigned>(bytes[bit / 8 + 1]) << 8;
    const int code = static_cast<int>((word >> (bit % 8)) & ((1u << bits) - 1));
    out[i] = static_cast<std::int8_t>(code >= (1 << (bits - 1)) ? code - (1 << bits) : code);
  }
}

namespace {
void decode_row_into(const QuantizedMatrix& m, const ClusterDecodeTable* table, std::uint32_t row,
                     std::int8_t* out) {
  const std::uint32_t cols = m.cols;
  const std::uint32_t bits = m.bits;
  const std::uint8_t* bytes = m.payload.data() + static_cast<std::size_t>(row) * m.row_bytes();
  if (m.encoding == Encoding::FineQV1) {
    for (std::uint32_t c = 0; c < m.row_bytes(); ++c) {
      const DecodedCluster& cluster = (*table)[bytes[c]];
      for (int pos = 0; pos < kClusterSize; ++pos) {
        const std::uint32_t k = c * kClusterSize + pos;
        if (k < cols) out[k] = cluster.weights[pos];
      }
    }
    return;
  }
  unpack_intb(bytes, 0, bits, cols, out);
}

std::unique_ptr<ClusterDecodeTable> table_for(const QuantizedMatrix& m) {
  if (m.encoding != Encoding::FineQV1) return nullptr;
  return std::make_unique<ClusterDecodeTable>(m.codebook);
}
}  // namespace

void QuantizedMatrix::decode_row(std::uint32_t row, std::int8_t* out) const {
  decode_row_into(*this, table_for(*this).get(), row, out);
}

std::vector<std::int8_t> QuantizedMatrix::decode_all() const {
  std::vector<std::int8_t> values(static_cast<std::size_t>(rows) * cols);
  const auto table = table_for(*this);
  for (std::uint32_t n = 0; n < rows; ++n) {
    decode_row_into(*this, table.get(), n, values.data() + static_cast<std::size_t>(n) * cols);
  }
  return values;
}

std::vector<float> QuantizedMatrix::dequantize() const {
  const std::vector<std::int8_t> codes = decode_all();
  std::vector<float> values(codes.size());
  if (encoding == Encoding::BinaryWithFp16) {
    std::size_t next_fp16 = 0;
    for (std::size_t i = 0; i < codes.size(); ++i) {
      values[i] = codes[i] == 0 ? half_to_float(fp16_values[next_fp16++])
                                : static_cast<float>(codes[i]) * scale(static_cast<std::uint32_t>(i / cols), 0);
    }
    return values;
  }
  for (std::uint32_t n = 0; n < rows; ++n) {
    for (std::uint32_t k = 0; k < cols; ++k) {
      const std::size_t i = static_cast<std::size_t>(n) * cols + k;
      values[i] = static_cast<float>(codes[i]) * scale(n, group_of(k));
    }
    for (std::size_t j = 0; j < fp16_columns.size(); ++j) {
      values[static_cast<std::size_t>(n) * cols + fp16_columns[j]] =
          half_to_float(fp16_values[static_cast<std::size_t>(n) * fp16_columns.size() + j]);
    }
  }
  return values;
}

std::string QuantizedMatrix::fp16_refusal() const {
  return "tensor '" + name + "' keeps FP16 " +
         (encoding == Encoding::IntBWithFp16Cols ? "columns" : "weights") + " (encoding " +
         encoding_name(encoding) + "), which the integer datapath cannot run";
}

}  // namespace fineq
