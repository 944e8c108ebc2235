#pragma once
// The checks and the copy every byte-array TLM-2.0 target makes (DRAM, SRAM buffers): one
// place for the response a bad access gets.
#include <cstdint>
#include <cstring>
#include <tlm>

namespace fineq {

// Sets the error response and returns false if the access is out of [0, size), has no
// read/write command, or (except for debug transport, which ignores them) has byte enables or
// a streaming width below its length.
inline bool accept_memory_access(tlm::tlm_generic_payload& trans, std::uint64_t size, bool debug) {
  const std::uint64_t addr = trans.get_address();
  const std::uint64_t length = trans.get_data_length();
  if (addr > size || length > size - addr) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return false;
  }
  if (!trans.is_read() && !trans.is_write()) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return false;
  }
  if (debug) return true;
  if (trans.get_byte_enable_ptr() != nullptr) {
    trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return false;
  }
  if (trans.get_streaming_width() < length) {
    trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return false;
  }
  return true;
}

// Copies an accepted access between the payload and `memory` (the target's byte 0).
inline void copy_memory_access(tlm::tlm_generic_payload& trans, std::uint8_t* memory) {
  std::uint8_t* cell = memory + trans.get_address();
  if (trans.is_read()) {
    std::memcpy(trans.get_data_ptr(), cell, trans.get_data_length());
  } else {
    std::memcpy(cell, trans.get_data_ptr(), trans.get_data_length());
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace fineq
