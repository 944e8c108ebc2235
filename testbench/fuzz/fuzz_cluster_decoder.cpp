// FineQ-v1 cluster decoder. Input: 12 codebook values (4 normal, 8 outlier, sorted here),
// array rows R and columns C, K, then the packed weight bytes. Checks:
// * decode_cluster and the 256-entry ClusterDecodeTable agree, a pruned position decodes to
//   0, every value is in the codebook of its mode, and encode_cluster gives the byte back;
// * the accelerator's WeightDecoder, fold by fold over an R x C array, gives the same
//   weights as QuantizedMatrix::decode_row (two paths from packed bytes to integers).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "cluster_codec.hpp"
#include "fold_plan.hpp"
#include "fp16.hpp"
#include "weight_decoder.hpp"

namespace {

[[noreturn]] void finding(const char* what, unsigned byte) {
  std::fprintf(stderr, "fuzz: cluster byte 0x%02x: %s\n", byte, what);
  std::abort();
}

bool contains(const std::vector<int>& values, int value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

void check_codec(const fineq::Codebook& codebook) {
  const fineq::ClusterDecodeTable table(codebook);
  const std::vector<int> normal = codebook.normal_ascending();
  const std::vector<int> outlier = codebook.outlier_ascending();
  for (unsigned byte = 0; byte < 256; ++byte) {
    const fineq::DecodedCluster cluster = fineq::decode_cluster(static_cast<std::uint8_t>(byte), codebook);
    if (cluster.weights != table[static_cast<std::uint8_t>(byte)].weights ||
        cluster.mode != table[static_cast<std::uint8_t>(byte)].mode) {
      finding("decode_cluster and ClusterDecodeTable differ", byte);
    }
    const int pruned = fineq::pruned_position(cluster.mode);
    for (int i = 0; i < fineq::kClusterSize; ++i) {
      const int value = cluster.weights[i];
      const bool ok = cluster.mode == fineq::ClusterMode::Normal ? contains(normal, value)
                      : i == pruned                              ? value == 0
                                                                 : contains(outlier, value);
      if (!ok) finding("decoded value outside its codebook", byte);
    }
    if (fineq::encode_cluster(cluster.mode, cluster.weights, codebook) != byte) {
      finding("encode_cluster(decode_cluster(byte)) != byte", byte);
    }
  }
}

void check_weight_decoder(const fineq::QuantizedMatrix& matrix, std::uint32_t rows,
                          std::uint32_t cols) {
  fineq::AcceleratorConfig config;
  config.rows = rows;
  config.cols = cols;
  const fineq::WeightLayout layout = fineq::WeightLayout::of(matrix);
  const fineq::FoldPlan plan = fineq::plan_folds({1, matrix.cols, matrix.rows}, layout, config);
  std::vector<std::int8_t> expected(std::size_t{matrix.rows} * matrix.cols);
  for (std::uint32_t n = 0; n < matrix.rows; ++n) {
    matrix.decode_row(n, expected.data() + std::size_t{n} * matrix.cols);
  }
  fineq::WeightDecoder decoder;
  decoder.program(layout, matrix.codebook);
  std::vector<std::uint8_t> packed;
  std::vector<std::int8_t> weights;
  for (const fineq::Fold& fold : plan.folds) {
    packed.clear();
    for (std::uint32_t c = 0; c < fold.c_used; ++c) {
      const std::uint8_t* row = matrix.payload.data() +
                                std::size_t{fold.n0 + c} * matrix.row_bytes() + fold.first_byte;
      packed.insert(packed.end(), row, row + fold.bytes_per_channel);
    }
    weights.assign(std::size_t{fold.c_used} * fold.r_used, 0);
    decoder.decode_fold(fold, packed.data(), weights.data());
    for (std::uint32_t c = 0; c < fold.c_used; ++c) {
      for (std::uint32_t r = 0; r < fold.r_used; ++r) {
        const std::size_t n = fold.n0 + c, k = fold.k0 + r;
        if (weights[std::size_t{c} * fold.r_used + r] != expected[n * matrix.cols + k]) {
          std::fprintf(stderr, "fuzz: WeightDecoder and decode_row differ at n %zu k %zu\n", n, k);
          std::abort();
        }
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::size_t kHeader = 12 + 3;
  if (size < kHeader) return 0;
  std::vector<int> normal(data, data + 4), outlier(data + 4, data + 12);
  for (int& v : normal) v = static_cast<std::int8_t>(v);
  for (int& v : outlier) v = static_cast<std::int8_t>(v);
  std::sort(normal.begin(), normal.end());
  std::sort(outlier.begin(), outlier.end());
  fineq::QuantizedMatrix matrix;
  try {
    matrix.codebook = fineq::Codebook::from_values(normal, outlier);
  } catch (const std::invalid_argument&) {
    return 0;  // repeated values: not a codebook
  }
  check_codec(matrix.codebook);

  const std::uint32_t array_rows = 1 + data[12] % 64, array_cols = 1 + data[13] % 16;
  matrix.name = "fuzz";
  matrix.encoding = fineq::Encoding::FineQV1;
  matrix.bits = 0;
  matrix.cols = 1 + data[14] % 96;
  const std::size_t payload = size - kHeader;
  if (payload < matrix.row_bytes()) return 0;
  matrix.rows = static_cast<std::uint32_t>(payload / matrix.row_bytes());
  matrix.payload.assign(data + kHeader, data + kHeader + std::size_t{matrix.rows} * matrix.row_bytes());
  matrix.scales.assign(matrix.rows, fineq::float_to_half(1.0f));
  matrix.validate();
  check_weight_decoder(matrix, array_rows, array_cols);
  return 0;
}
