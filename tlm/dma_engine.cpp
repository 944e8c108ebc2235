#include "dma_engine.hpp"

#include <algorithm>
#include <cstring>

#include "job_error.hpp"

namespace fineq {

DmaEngine::DmaEngine(sc_core::sc_module_name name, std::uint32_t burst_bytes)
    : sc_module(name), socket("socket"), burst_bytes_(burst_bytes) {
  socket.register_invalidate_direct_mem_ptr(this, &DmaEngine::invalidate_direct_mem_ptr);
}

bool DmaEngine::dmi_covers(tlm::tlm_command command, std::uint64_t addr,
                           std::uint64_t bytes) const {
  if (!dmi_valid_ || addr < dmi_.get_start_address() || addr > dmi_.get_end_address() ||
      bytes - 1 > dmi_.get_end_address() - addr) {
    return false;
  }
  return command == tlm::TLM_READ_COMMAND ? dmi_.is_read_allowed() : dmi_.is_write_allowed();
}

void DmaEngine::transfer(tlm::tlm_command command, std::uint64_t addr, std::uint8_t* data,
                         std::uint64_t bytes) {
  if (bytes == 0) return;
  (command == tlm::TLM_READ_COMMAND ? read_bytes_ : write_bytes_) += bytes;
  if (use_dmi_ && dmi_covers(command, addr, bytes)) {
    std::uint8_t* cell = dmi_.get_dmi_ptr() + (addr - dmi_.get_start_address());
    if (command == tlm::TLM_READ_COMMAND) {
      std::memcpy(data, cell, bytes);
    } else {
      std::memcpy(cell, data, bytes);
    }
    return;
  }
  // Transaction timing is the controller's timing model; the bus adds no delay of its own.
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  for (std::uint64_t done = 0; done < bytes;) {
    const std::uint32_t burst =
        static_cast<std::uint32_t>(std::min<std::uint64_t>(burst_bytes_, bytes - done));
    payload_.set_command(command);
    payload_.set_address(addr + done);
    payload_.set_data_ptr(data + done);
    payload_.set_data_length(burst);
    payload_.set_streaming_width(burst);
    payload_.set_byte_enable_ptr(nullptr);
    payload_.set_dmi_allowed(false);
    payload_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    socket->b_transport(payload_, delay);
    if (payload_.is_response_error()) {
      const auto response = static_cast<BusResponse>(-payload_.get_response_status());
      throw JobError(ErrorCause::DmaError, static_cast<std::uint32_t>(addr + done),
                     bus_error_value(response, command == tlm::TLM_WRITE_COMMAND));
    }
    if (use_dmi_ && !dmi_valid_ && payload_.is_dmi_allowed()) {
      dmi_valid_ = socket->get_direct_mem_ptr(payload_, dmi_);
    }
    done += burst;
  }
  // Only an injected fault (model/fault_injector.hpp) makes the bus slower than the timing
  // model: the DMA waits it out.
  if (delay != sc_core::SC_ZERO_TIME) sc_core::wait(delay);
}

void DmaEngine::read_blocks(std::uint64_t addr, std::uint64_t stride, std::uint64_t block_bytes,
                            std::uint32_t count, std::uint8_t* dst) {
  if (count > 1 && stride == block_bytes) {  // contiguous: one transfer
    transfer(tlm::TLM_READ_COMMAND, addr, dst, block_bytes * count);
    return;
  }
  for (std::uint32_t i = 0; i < count; ++i) {
    transfer(tlm::TLM_READ_COMMAND, addr + i * stride, dst + i * block_bytes, block_bytes);
  }
}

void DmaEngine::write(std::uint64_t addr, const std::uint8_t* src, std::uint64_t bytes) {
  // TLM payloads carry a non-const data pointer; a write command never modifies it.
  transfer(tlm::TLM_WRITE_COMMAND, addr, const_cast<std::uint8_t*>(src), bytes);
}

void DmaEngine::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
  if (dmi_valid_ && start <= dmi_.get_end_address() && end >= dmi_.get_start_address()) {
    dmi_valid_ = false;
  }
}

}  // namespace fineq
