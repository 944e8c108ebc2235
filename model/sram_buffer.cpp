#include "sram_buffer.hpp"

#include <cstring>

namespace fineq {

SramBuffer::SramBuffer(sc_core::sc_module_name name, std::uint64_t bytes)
    : sc_module(name), dma_socket("dma_socket"), datapath_socket("datapath_socket") {
  for (auto* socket : {&dma_socket, &datapath_socket}) {
    socket->register_b_transport(this, &SramBuffer::b_transport);
    socket->register_transport_dbg(this, &SramBuffer::transport_dbg);
    socket->register_get_direct_mem_ptr(this, &SramBuffer::get_direct_mem_ptr);
  }
  resize(bytes);
}

void SramBuffer::resize(std::uint64_t bytes) {
  if (dmi_granted_) {
    // Pointers into the old bytes must not be used again.
    for (auto* socket : {&dma_socket, &datapath_socket}) {
      if (socket->get_base_port().size() > 0) (*socket)->invalidate_direct_mem_ptr(0, ~0ull);
    }
    dmi_granted_ = false;
  }
  bytes_ = ZeroedBytes(bytes);
  reset_counters();
}

void SramBuffer::count_direct_access(bool write, std::uint64_t bytes) {
  (write ? write_bytes_ : read_bytes_) += bytes;
}

bool SramBuffer::accept(tlm::tlm_generic_payload& trans, bool debug) const {
  const std::uint64_t addr = trans.get_address();
  const std::uint64_t length = trans.get_data_length();
  if (addr > size() || length > size() - addr) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return false;
  }
  if (!trans.is_read() && !trans.is_write()) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return false;
  }
  // The TLM-2.0 debug interface ignores byte enables and streaming width.
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

void SramBuffer::copy(tlm::tlm_generic_payload& trans) {
  std::uint8_t* cell = bytes_.data() + trans.get_address();
  if (trans.is_read()) {
    std::memcpy(trans.get_data_ptr(), cell, trans.get_data_length());
  } else {
    std::memcpy(cell, trans.get_data_ptr(), trans.get_data_length());
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

void SramBuffer::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
  if (!accept(trans, false)) return;
  count_direct_access(trans.is_write(), trans.get_data_length());
  copy(trans);
  trans.set_dmi_allowed(true);
}

unsigned int SramBuffer::transport_dbg(tlm::tlm_generic_payload& trans) {
  if (!accept(trans, true)) return 0;
  copy(trans);
  return trans.get_data_length();
}

bool SramBuffer::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  if (trans.get_address() >= size()) return false;
  dmi.set_dmi_ptr(bytes_.data());
  dmi.set_start_address(0);
  dmi.set_end_address(size() - 1);
  dmi.allow_read_write();
  dmi.set_read_latency(sc_core::SC_ZERO_TIME);
  dmi.set_write_latency(sc_core::SC_ZERO_TIME);
  dmi_granted_ = true;
  return true;
}

}  // namespace fineq
