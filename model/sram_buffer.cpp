#include "sram_buffer.hpp"


#include "memory_access.hpp"

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

void SramBuffer::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
  if (!accept_memory_access(trans, size(), false)) return;
  count_direct_access(trans.is_write(), trans.get_data_length());
  copy_memory_access(trans, bytes_.data());
  trans.set_dmi_allowed(true);
}

unsigned int SramBuffer::transport_dbg(tlm::tlm_generic_payload& trans) {
  if (!accept_memory_access(trans, size(), true)) return 0;
  copy_memory_access(trans, bytes_.data());
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
