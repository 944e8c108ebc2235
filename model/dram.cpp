#include "dram.hpp"

#include <stdexcept>

#include "memory_access.hpp"

namespace fineq {

Dram::Dram(sc_core::sc_module_name name, std::uint64_t size_bytes)
    : sc_module(name), socket("socket") {
  if (size_bytes == 0) throw std::invalid_argument("Dram: size must be non-zero");
  memory_ = ZeroedBytes(size_bytes);
  socket.register_b_transport(this, &Dram::b_transport);
  socket.register_transport_dbg(this, &Dram::transport_dbg);
  socket.register_get_direct_mem_ptr(this, &Dram::get_direct_mem_ptr);
}

void Dram::arm_faults(const std::vector<DramFault>& faults) {
  faults_.arm(faults);
  // Before the simulation starts nobody holds a pointer (and the socket is not bound yet).
  if (sc_core::sc_get_status() != sc_core::SC_ELABORATION) {
    socket->invalidate_direct_mem_ptr(0, size() - 1);
  }
}

void Dram::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  if (!accept_memory_access(trans, size(), false)) {
    SC_REPORT_INFO(name(), ("rejected access of " + std::to_string(trans.get_data_length()) +
                            " bytes at offset " + std::to_string(trans.get_address()))
                               .c_str());
    return;
  }
  if (faults_.armed() && faults_.apply(trans, delay)) {
    SC_REPORT_INFO(name(), ("injected " + std::string(trans.get_response_string()) + " for " +
                            std::to_string(trans.get_data_length()) + " bytes at offset " +
                            std::to_string(trans.get_address()))
                               .c_str());
    return;
  }
  (trans.is_read() ? read_bytes_ : write_bytes_) += trans.get_data_length();
  copy_memory_access(trans, memory_.data());
  trans.set_dmi_allowed(!faults_.armed());
}

unsigned int Dram::transport_dbg(tlm::tlm_generic_payload& trans) {
  if (!accept_memory_access(trans, size(), true)) return 0;
  copy_memory_access(trans, memory_.data());
  return trans.get_data_length();
}

bool Dram::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  if (trans.get_address() >= size() || faults_.armed()) return false;
  dmi.set_dmi_ptr(memory_.data());
  dmi.set_start_address(0);
  dmi.set_end_address(size() - 1);
  dmi.allow_read_write();
  dmi.set_read_latency(sc_core::SC_ZERO_TIME);
  dmi.set_write_latency(sc_core::SC_ZERO_TIME);
  return true;
}

}  // namespace fineq
