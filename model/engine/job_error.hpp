#pragma once
// Why the accelerator refused or aborted a job. The controller stores the cause and a detail
// value in the ERROR_CAUSE / ERROR_DETAIL registers (docs/registers.md); the host driver
// turns them back into a message with describe_job_error().
#include <cstdint>
#include <stdexcept>
#include <string>

namespace fineq {

enum class ErrorCause : std::uint32_t {
  None = 0,
  ShapeM = 1,                   // detail: M
  ShapeK = 2,                   // detail: K
  ShapeN = 3,                   // detail: N
  WeightFormat = 4,             // detail: WEIGHT_FORMAT register value
  PeFormatMismatch = 5,         // detail: WEIGHT_FORMAT register value
  GroupSize = 6,                // detail: group size
  Codebook = 7,                 // detail: 0 normal codebook, 1 outlier codebook
  AddressOutOfMemory = 8,       // detail: MemoryRegion index
  RegionOverlap = 9,            // detail: (first region << 8) | second region
  ActivationBufferTooSmall = 10,  // detail: bytes one row of a chunk needs
  WeightFoldTooLarge = 11,      // detail: bytes of the largest fold
  AccumulatorOverflowRisk = 12, // detail: reduction length of one scale group
  DmaError = 13,                // detail: DRAM address of the failed transfer (low 32 bits)
};

// Device-memory regions of a job, in the order of their address registers.
enum class MemoryRegion : std::uint32_t {
  Weights = 0,
  WeightScales = 1,
  Activations = 2,
  ActivationScales = 3,
  Y = 4,
};
constexpr std::uint32_t kMemoryRegionCount = 5;
const char* memory_region_name(std::uint32_t region);

// "K = 0 (shape register out of range 1..1048576)" and the like.
std::string describe_job_error(ErrorCause cause, std::uint32_t detail);

// Thrown by the job checks (shape, format, fold planning); carries the register values.
class JobError : public std::runtime_error {
 public:
  JobError(ErrorCause cause, std::uint32_t detail)
      : std::runtime_error(describe_job_error(cause, detail)), cause_(cause), detail_(detail) {}
  ErrorCause cause() const { return cause_; }
  std::uint32_t detail() const { return detail_; }

 private:
  ErrorCause cause_;
  std::uint32_t detail_;
};

// Shape limits the controller accepts.
constexpr std::uint32_t kMaxM = 1u << 16;
constexpr std::uint32_t kMaxK = 1u << 20;
constexpr std::uint32_t kMaxN = 1u << 20;

}  // namespace fineq
