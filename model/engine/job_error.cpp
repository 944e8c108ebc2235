#include "job_error.hpp"

namespace fineq {

const char* memory_region_name(std::uint32_t region) {
  static const char* const names[kMemoryRegionCount] = {"weights", "weight scales", "activations",
                                                        "activation scales", "Y"};
  return region < kMemoryRegionCount ? names[region] : "unknown region";
}

std::string describe_bus_error(std::uint32_t bus) {
  static const char* const responses[] = {
      "", "TLM_GENERIC_ERROR_RESPONSE", "TLM_ADDRESS_ERROR_RESPONSE", "TLM_COMMAND_ERROR_RESPONSE",
      "TLM_BURST_ERROR_RESPONSE", "TLM_BYTE_ENABLE_ERROR_RESPONSE"};
  const std::uint32_t response = bus & 0xF;
  if (bus == 0) return "";
  return std::string((bus & kBusWriteFlag) != 0 ? "write" : "read") + " refused with " +
         (response < 6 && response > 0 ? responses[response]
                                        : "unknown response " + std::to_string(response));
}

std::string describe_job_error(ErrorCause cause, std::uint32_t detail, std::uint32_t bus) {
  const std::string value = std::to_string(detail);
  switch (cause) {
    case ErrorCause::None: return "no error";
    case ErrorCause::ShapeM:
      return "M = " + value + " (shape register out of range 1.." + std::to_string(kMaxM) + ")";
    case ErrorCause::ShapeK:
      return "K = " + value + " (shape register out of range 1.." + std::to_string(kMaxK) + ")";
    case ErrorCause::ShapeN:
      return "N = " + value + " (shape register out of range 1.." + std::to_string(kMaxN) + ")";
    case ErrorCause::WeightFormat:
      return "WEIGHT_FORMAT = " + value +
             " (expected encoding 1 = fineq-v1 with bits 0, or 2 = intb with bits 2..8)";
    case ErrorCause::PeFormatMismatch:
      return "WEIGHT_FORMAT = " + value +
             " is not supported by this PE (temporal: fineq-v1; int8x4: intb with bits <= 4; "
             "int8x8: intb with bits <= 8)";
    case ErrorCause::GroupSize:
      if (detail > kMaxK) {
        return "GROUP_SIZE = " + value + " (register out of range 0.." + std::to_string(kMaxK) + ")";
      }
      return "GROUP_SIZE = " + value +
             " (fineq-v1 scale groups must hold whole 3-weight clusters: a multiple of 3)";
    case ErrorCause::Codebook:
      return std::string("the ") + (detail == 0 ? "normal" : "outlier") +
             " codebook registers do not hold distinct values";
    case ErrorCause::AddressOutOfMemory:
      return std::string("the ") + memory_region_name(detail) +
             " region lies (partly) outside device memory";
    case ErrorCause::RegionOverlap:
      return std::string("the ") + memory_region_name(detail >> 8) + " and " +
             memory_region_name(detail & 0xFF) + " regions overlap";
    case ErrorCause::ActivationBufferTooSmall:
      return "one activation row and its outputs need " + value +
             " bytes, more than the activation or output buffer holds (Mc = 0)";
    case ErrorCause::WeightFoldTooLarge:
      return "a weight fold needs " + value + " bytes, more than half the weight buffer";
    case ErrorCause::AccumulatorOverflowRisk:
      return "an INT32 accumulator over " + value +
             " products of the largest activation and weight could overflow";
    case ErrorCause::DmaError:
      return "a DMA transfer at device address " + value + " failed" +
             (bus == 0 ? std::string() : ": " + describe_bus_error(bus));
  }
  return "unknown error cause " + std::to_string(static_cast<std::uint32_t>(cause)) +
         " (detail " + value + ")";
}

}  // namespace fineq
