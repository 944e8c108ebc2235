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
  DmaError = 13,                // detail: DRAM address of the failed transfer (low 32 bits);
                                // ERROR_BUS: the bus response (BusResponse)
};

// ERROR_BUS register after a DmaError (0 otherwise): why the bus refused the transfer.
// Bits 3..0: the failed TLM response status, negated (TLM-2.0 numbers its errors -1..-5);
// bit 8: set for a write, clear for a read.
enum class BusResponse : std::uint32_t {
  None = 0,
  GenericError = 1,    // TLM_GENERIC_ERROR_RESPONSE (e.g. an injected DRAM fault)
  AddressError = 2,    // TLM_ADDRESS_ERROR_RESPONSE
  CommandError = 3,    // TLM_COMMAND_ERROR_RESPONSE
  BurstError = 4,      // TLM_BURST_ERROR_RESPONSE
  ByteEnableError = 5, // TLM_BYTE_ENABLE_ERROR_RESPONSE
};
constexpr std::uint32_t kBusWriteFlag = 1u << 8;
inline std::uint32_t bus_error_value(BusResponse response, bool write) {
  return static_cast<std::uint32_t>(response) | (write ? kBusWriteFlag : 0);
}
// "read refused with TLM_GENERIC_ERROR_RESPONSE" and the like; "" for 0.
std::string describe_bus_error(std::uint32_t bus);

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

// "K = 0 (shape register out of range 1..1048576)" and the like; `bus` is the ERROR_BUS value
// that a DmaError adds.
std::string describe_job_error(ErrorCause cause, std::uint32_t detail, std::uint32_t bus = 0);

// Thrown by the job checks (shape, format, fold planning); carries the register values.
class JobError : public std::runtime_error {
 public:
  JobError(ErrorCause cause, std::uint32_t detail, std::uint32_t bus = 0)
      : std::runtime_error(describe_job_error(cause, detail, bus)),
        cause_(cause),
        detail_(detail),
        bus_(bus) {}
  ErrorCause cause() const { return cause_; }
  std::uint32_t detail() const { return detail_; }
  std::uint32_t bus() const { return bus_; }

 private:
  ErrorCause cause_;
  std::uint32_t detail_;
  std::uint32_t bus_;
};

// Shape limits the controller accepts.
constexpr std::uint32_t kMaxM = 1u << 16;
constexpr std::uint32_t kMaxK = 1u << 20;
constexpr std::uint32_t kMaxN = 1u << 20;

}  // namespace fineq
