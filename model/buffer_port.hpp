#pragma once
// An initiator's connection to one on-chip buffer (or register file): a TLM-2.0 socket plus
// the buffer's AccessMeter. Accesses go through a DMI pointer once the target granted one
// (the fast path: no transaction per access; the bytes are reported to the meter so the
// buffer's counters stay complete), otherwise through b_transport. Strided accesses
// (`count` blocks of `length` bytes, `stride` apart) cost one b_transport per block on the
// slow path and none on the DMI path. Not a module: it lives inside the module that owns it,
// so its socket and port are that module's children.
#include <cstdint>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

#include "access_meter.hpp"

namespace fineq {

class BufferPort {
 public:
  tlm_utils::simple_initiator_socket<BufferPort> socket;
  sc_core::sc_port<AccessMeter> meter;  // the target's counters

  // `name`: the socket is name + "_socket", the meter port name + "_meter".
  explicit BufferPort(const std::string& name);

  void set_use_dmi(bool use);
  // Where the blocks can be read; valid until the next call on this port. Throws
  // std::runtime_error naming the socket if the target answers with an error.
  const std::uint8_t* read(std::uint64_t offset, std::uint64_t length, std::uint64_t count = 1,
                           std::uint64_t stride = 0);
  // Where the blocks are to be written; they reach the target by end_write().
  std::uint8_t* begin_write(std::uint64_t offset, std::uint64_t length, std::uint64_t count = 1,
                            std::uint64_t stride = 0);
  void end_write();

 private:
  struct Access {
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    std::uint64_t count = 0;
    std::uint64_t stride = 0;
  };
  // The DMI pointer of the access if one is held (asking for one after a b_transport that
  // allowed it), else nullptr.
  std::uint8_t* direct(tlm::tlm_command command, const Access& access);
  // One b_transport per block between the target and scratch_ (laid out like the target).
  void transport(tlm::tlm_command command, const Access& access);
  void invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end);

  bool use_dmi_ = true;
  bool dmi_valid_ = false;
  bool dmi_hinted_ = false;  // a response said DMI is allowed
  tlm::tlm_dmi dmi_;
  tlm::tlm_generic_payload payload_;
  std::vector<std::uint8_t> scratch_;
  Access pending_write_;
};

}  // namespace fineq
