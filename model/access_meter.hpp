#pragma once
// The byte counters of an on-chip buffer (the energy model's SRAM events), as an interface so
// that the controller can read them and so that initiators which copy through a DMI pointer
// (which bypasses the target by design) can still report what they moved.
#include <cstdint>
#include <systemc>

namespace fineq {

class AccessMeter : public virtual sc_core::sc_interface {
 public:
  // Bytes an initiator read (write = false) or wrote through a DMI pointer.
  virtual void count_direct_access(bool write, std::uint64_t bytes) = 0;
  virtual std::uint64_t read_bytes() const = 0;
  virtual std::uint64_t write_bytes() const = 0;
  virtual void reset_counters() = 0;
};

}  // namespace fineq
