#pragma once
// TLM-2.0 router: any number of initiators, one output port per address range. It forwards
// b_transport, debug transport and DMI requests with the address translated to the target's
// local offset (and DMI ranges translated back), answers unmapped or range-crossing accesses
// with TLM_ADDRESS_ERROR_RESPONSE and reports them, and forwards DMI invalidations to every
// initiator.
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include "address_map.hpp"

namespace fineq {

class Router : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<Router> target_socket;        // from initiators
  tlm_utils::multi_passthrough_initiator_socket<Router> initiator_socket;  // to targets

  Router(sc_core::sc_module_name name, AddressMap map);
  const AddressMap& address_map() const { return map_; }
  std::uint64_t address_errors() const { return address_errors_; }

 private:
  // Translates the payload's address; nullptr (and an error response) if unmapped.
  const AddressRange* route(tlm::tlm_generic_payload& trans, const char* what);
  void b_transport(int initiator, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned int transport_dbg(int initiator, tlm::tlm_generic_payload& trans);
  bool get_direct_mem_ptr(int initiator, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  void invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end);

  AddressMap map_;
  std::uint64_t address_errors_ = 0;
};

}  // namespace fineq
