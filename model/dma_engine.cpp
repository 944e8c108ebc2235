#include "dma_engine.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "job_error.hpp"
#include "timing_model.hpp"

namespace fineq {

DmaEngine::DmaEngine(sc_core::sc_module_name name, std::uint32_t burst_bytes)
    : sc_module(name),
      memory_socket("memory_socket"),
      weight_port("weight"),
      activation_port("activation"),
      output_port("output"),
      scale_port("scale"),
      burst_bytes_(burst_bytes) {
  memory_socket.register_invalidate_direct_mem_ptr(this, &DmaEngine::invalidate_direct_mem_ptr);
}

void DmaEngine::set_use_dmi(bool use) {
  use_dmi_ = use;
  dmi_valid_ = false;
  for (BufferPort* p : {&weight_port, &activation_port, &output_port, &scale_port}) {
    p->set_use_dmi(use);
  }
}

BufferPort& DmaEngine::port(DmaTarget target) {
  switch (target) {
    case DmaTarget::WeightBuffer: return weight_port;
    case DmaTarget::ActivationBuffer: return activation_port;
    case DmaTarget::OutputBuffer: return output_port;
    case DmaTarget::ActivationScales: return scale_port;
  }
  throw std::logic_error("DmaEngine: unknown target");
}

bool DmaEngine::dmi_covers(tlm::tlm_command command, std::uint64_t addr,
                           std::uint64_t bytes) const {
  if (!dmi_valid_ || addr < dmi_.get_start_address() || addr > dmi_.get_end_address() ||
      bytes - 1 > dmi_.get_end_address() - addr) {
    return false;
  }
  return command == tlm::TLM_READ_COMMAND ? dmi_.is_read_allowed() : dmi_.is_write_allowed();
}

void DmaEngine::device_access(tlm::tlm_command command, std::uint64_t addr, std::uint8_t* data,
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
  // The transfer's delay is annotated per transfer (load/store); bursts add none of their own.
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
    memory_socket->b_transport(payload_, delay);
    if (payload_.is_response_error()) {
      const auto response = static_cast<BusResponse>(-payload_.get_response_status());
      throw JobError(ErrorCause::DmaError, static_cast<std::uint32_t>(addr + done),
                     bus_error_value(response, command == tlm::TLM_WRITE_COMMAND));
    }
    if (use_dmi_ && !dmi_valid_ && payload_.is_dmi_allowed()) {
      dmi_valid_ = memory_socket->get_direct_mem_ptr(payload_, dmi_);
    }
    done += burst;
  }
  // Only an injected fault (model/fault_injector.hpp) makes the bus slower than the timing
  // model: the DMA waits it out.
  if (delay != sc_core::SC_ZERO_TIME) sc_core::wait(delay);
}

DmaTransfer DmaEngine::load(std::initializer_list<DmaBlocks> chain) {
  DmaTransfer transfer;
  transfer.address = chain.size() > 0 ? chain.begin()->device_addr : 0;
  for (const DmaBlocks& blocks : chain) {
    const std::uint64_t bytes = blocks.block_bytes * blocks.count;
    if (bytes == 0) continue;
    BufferPort& target = port(blocks.target);
    std::uint8_t* dst = target.begin_write(blocks.target_offset, bytes);
    if (blocks.count > 1 && blocks.device_stride == blocks.block_bytes) {  // contiguous
      device_access(tlm::TLM_READ_COMMAND, blocks.device_addr, dst, bytes);
    } else {
      for (std::uint32_t i = 0; i < blocks.count; ++i) {
        device_access(tlm::TLM_READ_COMMAND, blocks.device_addr + i * blocks.device_stride,
                      dst + i * blocks.block_bytes, blocks.block_bytes);
      }
    }
    target.end_write();
    transfer.bytes += bytes;
  }
  transfer.cycles = transfer_cycles(config_, transfer.bytes);
  return transfer;
}

DmaTransfer DmaEngine::store(DmaTarget source, std::uint64_t source_offset, std::uint64_t bytes,
                             std::uint64_t device_addr) {
  const std::uint8_t* src = port(source).read(source_offset, bytes);
  // TLM payloads carry a non-const data pointer; a write command never modifies it.
  device_access(tlm::TLM_WRITE_COMMAND, device_addr, const_cast<std::uint8_t*>(src), bytes);
  return {device_addr, bytes, true, transfer_cycles(config_, bytes)};
}

void DmaEngine::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
  if (dmi_valid_ && start <= dmi_.get_end_address() && end >= dmi_.get_start_address()) {
    dmi_valid_ = false;
  }
}

}  // namespace fineq
