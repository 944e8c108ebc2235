#include "job_setup.hpp"

#include <algorithm>
#include <set>

#include "golden.hpp"

namespace fineq {

namespace {
void require_shape(std::uint32_t value, std::uint32_t max, ErrorCause cause) {
  if (value < 1 || value > max) throw JobError(cause, value);
}

template <std::size_t N>
bool distinct(const std::array<std::int8_t, N>& values) {
  return std::set<std::int8_t>(values.begin(), values.end()).size() == N;
}

std::uint32_t byte_of(std::uint32_t word, int index) { return (word >> (8 * index)) & 0xFF; }

WeightLayout check_format(const JobRegisters& registers, const AcceleratorConfig& config) {
  const std::uint32_t encoding = weight_format_encoding(registers.weight_format);
  const std::uint32_t bits = weight_format_bits(registers.weight_format);
  const bool fineq = encoding == static_cast<std::uint32_t>(Encoding::FineQV1) && bits == 0;
  const bool intb = encoding == static_cast<std::uint32_t>(Encoding::IntB) && bits >= 2 && bits <= 8;
  if (!fineq && !intb) throw JobError(ErrorCause::WeightFormat, registers.weight_format);
  const bool supported = config.pe == PeKind::Temporal ? fineq
                         : config.pe == PeKind::Int8x4 ? intb && bits <= 4
                                                       : intb;
  if (!supported) throw JobError(ErrorCause::PeFormatMismatch, registers.weight_format);
  if (registers.group_size > kMaxK || (fineq && registers.group_size % 3 != 0)) {
    throw JobError(ErrorCause::GroupSize, registers.group_size);
  }
  return WeightLayout{static_cast<Encoding>(encoding), bits, registers.group_size};
}
}  // namespace

void codebook_to_registers(const Codebook& codebook, JobRegisters& registers) {
  auto pack = [](const std::int8_t* values) {
    std::uint32_t word = 0;
    for (int i = 0; i < 4; ++i) word |= std::uint32_t{static_cast<std::uint8_t>(values[i])} << (8 * i);
    return word;
  };
  registers.codebook_normal = pack(codebook.normal.data());
  registers.codebook_outlier_low = pack(codebook.outlier.data());
  registers.codebook_outlier_high = pack(codebook.outlier.data() + 4);
}

Codebook codebook_from_registers(const JobRegisters& registers) {
  Codebook codebook{};
  for (int i = 0; i < 4; ++i) {
    codebook.normal[i] = static_cast<std::int8_t>(byte_of(registers.codebook_normal, i));
    codebook.outlier[i] = static_cast<std::int8_t>(byte_of(registers.codebook_outlier_low, i));
    codebook.outlier[4 + i] = static_cast<std::int8_t>(byte_of(registers.codebook_outlier_high, i));
  }
  return codebook;
}

std::array<std::uint64_t, kMemoryRegionCount> region_sizes(const GemmShape& shape,
                                                           const WeightLayout& layout) {
  const std::uint64_t m = shape.m;
  const std::uint64_t n = shape.n;
  return {n * layout.row_bytes(shape.k), 2 * n * layout.groups_per_row(shape.k), m * shape.k,
          4 * m, 4 * m * n};
}

JobSetup check_job(const JobRegisters& registers, const AcceleratorConfig& config,
                   const MemorySpan& memory) {
  JobSetup setup;
  require_shape(registers.m, kMaxM, ErrorCause::ShapeM);
  require_shape(registers.k, kMaxK, ErrorCause::ShapeK);
  require_shape(registers.n, kMaxN, ErrorCause::ShapeN);
  setup.shape = {registers.m, registers.k, registers.n};
  setup.layout = check_format(registers, config);

  if (setup.layout.encoding == Encoding::FineQV1) {
    setup.codebook = codebook_from_registers(registers);
    if (!distinct(setup.codebook.normal)) throw JobError(ErrorCause::Codebook, 0);
    if (!distinct(setup.codebook.outlier)) throw JobError(ErrorCause::Codebook, 1);
    setup.max_weight_magnitude = setup.codebook.max_magnitude();
  } else {
    setup.max_weight_magnitude = 1 << (setup.layout.bits - 1);
  }

  const std::uint32_t addresses[kMemoryRegionCount] = {
      registers.weights_addr, registers.weight_scales_addr, registers.activations_addr,
      registers.activation_scales_addr, registers.y_addr};
  const auto sizes = region_sizes(setup.shape, setup.layout);
  for (std::uint32_t r = 0; r < kMemoryRegionCount; ++r) {
    setup.regions[r] = {addresses[r], sizes[r]};
    const std::uint64_t end = memory.addr + memory.bytes;
    if (addresses[r] < memory.addr || addresses[r] > end || sizes[r] > end - addresses[r]) {
      throw JobError(ErrorCause::AddressOutOfMemory, r);
    }
  }
  for (std::uint32_t a = 0; a < kMemoryRegionCount; ++a) {
    for (std::uint32_t b = a + 1; b < kMemoryRegionCount; ++b) {
      const MemorySpan& x = setup.regions[a];
      const MemorySpan& y = setup.regions[b];
      if (x.addr < y.addr + y.bytes && y.addr < x.addr + x.bytes) {
        throw JobError(ErrorCause::RegionOverlap, a << 8 | b);
      }
    }
  }

  const std::uint32_t segment = setup.layout.group_size == 0
                                    ? setup.shape.k
                                    : std::min(setup.layout.group_size, setup.shape.k);
  if (accumulation_may_overflow(segment, setup.max_weight_magnitude)) {
    throw JobError(ErrorCause::AccumulatorOverflowRisk, segment);
  }
  setup.plan = plan_folds(setup.shape, setup.layout, config);
  return setup;
}

}  // namespace fineq
