#include "pe_datapath.hpp"

#include <algorithm>
#include <cstdint>

namespace fineq {

namespace {
int bit_length(std::uint64_t value) {
  int bits = 0;
  while (value != 0) {
    ++bits;
    value >>= 1;
  }
  return bits;
}
}  // namespace

PeDatapath PeDatapath::for_config(const AcceleratorConfig& config) {
  PeDatapath datapath;
  switch (config.pe) {
    case PeKind::Temporal:
      datapath.temporal = true;
      datapath.max_weight_magnitude = config.codebook.max_magnitude();
      datapath.magnitude_bits = bit_length(static_cast<std::uint64_t>(datapath.max_weight_magnitude));
      datapath.weight_bits = 1 + datapath.magnitude_bits;
      break;
    case PeKind::Int8x4:
      datapath.weight_bits = 4;
      datapath.max_weight_magnitude = 8;
      break;
    case PeKind::Int8x8:
      datapath.weight_bits = 8;
      datapath.max_weight_magnitude = 128;
      break;
  }
  // A column's partial sum is at most rows * 127 * max|w| in magnitude; two's complement
  // needs one sign bit more. Sums across folds continue in the INT32 column accumulators.
  const std::uint64_t largest_sum = std::uint64_t{config.rows} * kActivationMagnitude *
                                    static_cast<std::uint64_t>(datapath.max_weight_magnitude);
  datapath.partial_sum_bits = std::min(kOutputAccumulatorBits, bit_length(largest_sum) + 1);
  return datapath;
}

}  // namespace fineq
