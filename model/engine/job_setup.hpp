#pragma once
// The controller's first step after START: check the job registers against the hardware
// (shape limits, weight format the PE can run, codebook, regions inside device memory and
// disjoint, INT32 headroom) and plan the folds. Plain C++, unit-tested on its own.
#include <array>
#include <cstdint>

#include "accelerator_config.hpp"
#include "fold_plan.hpp"
#include "job_registers.hpp"

namespace fineq {

struct MemorySpan {
  std::uint64_t addr = 0;
  std::uint64_t bytes = 0;
};

struct JobSetup {
  GemmShape shape;
  WeightLayout layout;
  Codebook codebook{};  // fineq-v1 look-up table; unused for IntB
  int max_weight_magnitude = 0;  // largest |w| the format can hold: bounds the accumulator
  std::array<MemorySpan, kMemoryRegionCount> regions;  // indexed by MemoryRegion
  FoldPlan plan;
};

// Device-memory footprint of each region for a shape and layout, indexed by MemoryRegion.
std::array<std::uint64_t, kMemoryRegionCount> region_sizes(const GemmShape& shape,
                                                           const WeightLayout& layout);

// Throws JobError with the first failed check, in the order of docs/registers.md.
// `memory`: the device-memory window the regions must lie in.
JobSetup check_job(const JobRegisters& registers, const AcceleratorConfig& config,
                   const MemorySpan& memory);

// CODEBOOK_* register values of a look-up table and back.
void codebook_to_registers(const Codebook& codebook, JobRegisters& registers);
Codebook codebook_from_registers(const JobRegisters& registers);

}  // namespace fineq
