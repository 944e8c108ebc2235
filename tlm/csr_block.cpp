#include "csr_block.hpp"

#include <cstring>
#include <sstream>

#include "register_map.hpp"

namespace fineq {

namespace {
std::uint32_t low(std::uint64_t value) { return static_cast<std::uint32_t>(value); }
std::uint32_t high(std::uint64_t value) { return static_cast<std::uint32_t>(value >> 32); }

// ActivityCounts is a run of uint64_t fields; its counters map to consecutive LO/HI pairs.
static_assert(sizeof(ActivityCounts) == csr::kActivityCount * sizeof(std::uint64_t));
std::uint64_t activity_field(const ActivityCounts& counts, std::uint32_t index) {
  std::uint64_t value = 0;
  std::memcpy(&value, reinterpret_cast<const char*>(&counts) + index * sizeof(std::uint64_t),
              sizeof value);
  return value;
}
// The job register at an offset, or nullptr if the offset holds none.
std::uint32_t JobRegisters::*job_register(std::uint32_t offset) {
  switch (offset) {
    case csr::kM: return &JobRegisters::m;
    case csr::kK: return &JobRegisters::k;
    case csr::kN: return &JobRegisters::n;
    case csr::kWeightFormat: return &JobRegisters::weight_format;
    case csr::kGroupSize: return &JobRegisters::group_size;
    case csr::kCodebookNormal: return &JobRegisters::codebook_normal;
    case csr::kCodebookOutlierLow: return &JobRegisters::codebook_outlier_low;
    case csr::kCodebookOutlierHigh: return &JobRegisters::codebook_outlier_high;
    case csr::kWeightsAddr: return &JobRegisters::weights_addr;
    case csr::kWeightScalesAddr: return &JobRegisters::weight_scales_addr;
    case csr::kActivationsAddr: return &JobRegisters::activations_addr;
    case csr::kActivationScalesAddr: return &JobRegisters::activation_scales_addr;
    case csr::kYAddr: return &JobRegisters::y_addr;
    default: return nullptr;
  }
}
}  // namespace

CsrBlock::CsrBlock(sc_core::sc_module_name name) : sc_module(name), socket("socket") {
  socket.register_b_transport(this, &CsrBlock::b_transport);
  socket.register_transport_dbg(this, &CsrBlock::transport_dbg);
}

bool CsrBlock::read(std::uint32_t offset, std::uint32_t& value) const {
  const StatusRegisters& status = registers_.status;
  if (const auto member = job_register(offset)) {
    value = registers_.job.*member;
    return true;
  }
  const std::uint64_t counters[] = {status.cycles.total, status.cycles.compute,
                                    status.cycles.stall};
  if (offset >= csr::kCyclesTotal && offset < csr::kCyclesTotal + 8 * 3) {
    const std::uint64_t counter = counters[(offset - csr::kCyclesTotal) / 8];
    value = offset % 8 == 0 ? low(counter) : high(counter);
    return true;
  }
  if (offset >= csr::kActivityBase && offset < csr::kActivityBase + 8 * csr::kActivityCount) {
    const std::uint64_t counter = activity_field(status.activity, (offset - csr::kActivityBase) / 8);
    value = offset % 8 == 0 ? low(counter) : high(counter);
    return true;
  }
  switch (offset) {
    case csr::kId: value = csr::kIdValue; return true;
    case csr::kVersion: value = csr::kVersionValue; return true;
    case csr::kControl: value = 0; return true;
    case csr::kStatus:
      value = (status.done ? csr::kStatusDone : 0) | (status.error ? csr::kStatusError : 0) |
              (status.busy ? csr::kStatusBusy : 0);
      return true;
    case csr::kErrorCause: value = static_cast<std::uint32_t>(status.cause); return true;
    case csr::kErrorDetail: value = status.detail; return true;
    case csr::kErrorBus: value = status.bus; return true;
    default: return false;
  }
}

tlm::tlm_response_status CsrBlock::check(const tlm::tlm_generic_payload& trans, bool debug,
                                         std::string& why) const {
  const std::uint64_t offset = trans.get_address();
  if (trans.get_data_length() != 4 || (!debug && trans.get_streaming_width() < 4)) {
    why = "only 32-bit accesses are supported";
    return tlm::TLM_BURST_ERROR_RESPONSE;
  }
  // The TLM-2.0 debug interface ignores byte enables and streaming width.
  if (!debug && trans.get_byte_enable_ptr() != nullptr) {
    why = "byte enables are not supported";
    return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
  }
  if (offset % 4 != 0) {
    why = "misaligned access";
    return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  }
  std::uint32_t unused = 0;
  if (offset >= csr::kBlockSize || !read(static_cast<std::uint32_t>(offset), unused)) {
    why = "no register at this offset";
    return tlm::TLM_ADDRESS_ERROR_RESPONSE;
  }
  if (trans.is_write() && offset != csr::kControl &&
      job_register(static_cast<std::uint32_t>(offset)) == nullptr) {
    why = "register is read-only";
    return tlm::TLM_COMMAND_ERROR_RESPONSE;
  }
  if (!trans.is_read() && !trans.is_write()) {
    why = "unsupported command";
    return tlm::TLM_COMMAND_ERROR_RESPONSE;
  }
  return tlm::TLM_OK_RESPONSE;
}

void CsrBlock::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  // A write occupies the bus for the smallest step of simulated time, so that the host's
  // successive writes happen at distinct times and a VCD (one value per time step) shows each.
  if (trans.is_write()) delay += sc_core::sc_get_time_resolution();
  std::string why;
  tlm::tlm_response_status status = check(trans, false, why);
  const std::uint32_t offset = static_cast<std::uint32_t>(trans.get_address());
  std::uint32_t value = 0;
  if (status == tlm::TLM_OK_RESPONSE && trans.is_write()) {
    std::memcpy(&value, trans.get_data_ptr(), 4);
    if (offset == csr::kControl) {
      if ((value & csr::kControlStart) != 0 && registers_.status.busy) {
        why = "START while a job is running";
        status = tlm::TLM_GENERIC_ERROR_RESPONSE;
      } else if ((value & csr::kControlStart) != 0) {
        registers_.status.busy = true;  // visible at once, before the controller wakes
        registers_.status.done = registers_.status.error = false;
        registers_.start.notify(sc_core::SC_ZERO_TIME);
      }
    } else if (registers_.status.busy) {
      why = "job registers are locked while a job runs";
      status = tlm::TLM_GENERIC_ERROR_RESPONSE;
    } else {
      registers_.job.*job_register(offset) = value;
    }
    if (status == tlm::TLM_OK_RESPONSE) {
      registers_.last_write = {registers_.last_write.count + 1, offset, value};
    }
  } else if (status == tlm::TLM_OK_RESPONSE) {
    read(offset, value);
    std::memcpy(trans.get_data_ptr(), &value, 4);
  }
  if (status != tlm::TLM_OK_RESPONSE) {
    std::ostringstream message;
    message << (trans.is_write() ? "write" : "read") << " of " << trans.get_data_length()
            << " bytes at offset 0x" << std::hex << trans.get_address() << " rejected: " << why;
    SC_REPORT_INFO(name(), message.str().c_str());
  }
  trans.set_response_status(status);
}

unsigned int CsrBlock::transport_dbg(tlm::tlm_generic_payload& trans) {
  std::string why;
  if (!trans.is_read() || check(trans, true, why) != tlm::TLM_OK_RESPONSE) return 0;
  std::uint32_t value = 0;
  read(static_cast<std::uint32_t>(trans.get_address()), value);
  std::memcpy(trans.get_data_ptr(), &value, 4);
  return 4;
}

}  // namespace fineq
