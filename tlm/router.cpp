#include "router.hpp"

#include <algorithm>
#include <sstream>

namespace fineq {

Router::Router(sc_core::sc_module_name name, AddressMap map)
    : sc_module(name), target_socket("target_socket"), initiator_socket("initiator_socket"),
      map_(std::move(map)) {
  target_socket.register_b_transport(this, &Router::b_transport);
  target_socket.register_transport_dbg(this, &Router::transport_dbg);
  target_socket.register_get_direct_mem_ptr(this, &Router::get_direct_mem_ptr);
  initiator_socket.register_invalidate_direct_mem_ptr(this, &Router::invalidate_direct_mem_ptr);
}

const AddressRange* Router::route(tlm::tlm_generic_payload& trans, const char* what) {
  const auto decoded = map_.decode(trans.get_address(), trans.get_data_length());
  if (!decoded) {
    ++address_errors_;
    std::ostringstream message;
    message << what << " of " << trans.get_data_length() << " bytes at 0x" << std::hex
            << trans.get_address() << " is outside the address map";
    SC_REPORT_INFO(name(), message.str().c_str());
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return nullptr;
  }
  trans.set_address(decoded->offset);
  return decoded->range;
}

void Router::b_transport(int, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const std::uint64_t address = trans.get_address();
  const AddressRange* range = route(trans, "access");
  if (range == nullptr) return;
  initiator_socket[range->port]->b_transport(trans, delay);
  trans.set_address(address);
}

unsigned int Router::transport_dbg(int, tlm::tlm_generic_payload& trans) {
  const std::uint64_t address = trans.get_address();
  const AddressRange* range = route(trans, "debug access");
  if (range == nullptr) return 0;
  const unsigned int bytes = initiator_socket[range->port]->transport_dbg(trans);
  trans.set_address(address);
  return bytes;
}

bool Router::get_direct_mem_ptr(int, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  const std::uint64_t address = trans.get_address();
  const auto decoded = map_.decode(address, 1);
  if (!decoded) return false;
  trans.set_address(decoded->offset);
  const bool granted = initiator_socket[decoded->range->port]->get_direct_mem_ptr(trans, dmi);
  trans.set_address(address);
  // The target speaks in local offsets; clip to its range and shift to global addresses.
  const AddressRange& range = *decoded->range;
  const std::uint64_t last = range.size - 1;
  if (dmi.get_start_address() > last) return false;
  const std::uint64_t start = dmi.get_start_address();
  const std::uint64_t end = std::min<std::uint64_t>(dmi.get_end_address(), last);
  dmi.set_start_address(range.base + start);
  dmi.set_end_address(range.base + end);
  return granted;
}

void Router::invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end) {
  const AddressRange* range = map_.range_of_port(static_cast<unsigned>(port));
  if (range == nullptr) return;
  const std::uint64_t last = range->size - 1;
  const std::uint64_t global_start = range->base + std::min<std::uint64_t>(start, last);
  const std::uint64_t global_end = range->base + std::min<std::uint64_t>(end, last);
  for (unsigned i = 0; i < target_socket.size(); ++i) {
    target_socket[i]->invalidate_direct_mem_ptr(global_start, global_end);
  }
}

}  // namespace fineq
