#include "buffer_port.hpp"

#include <algorithm>
#include <stdexcept>

namespace fineq {

BufferPort::BufferPort(const std::string& name)
    : socket((name + "_socket").c_str()), meter((name + "_meter").c_str()) {
  socket.register_invalidate_direct_mem_ptr(this, &BufferPort::invalidate_direct_mem_ptr);
}

void BufferPort::set_use_dmi(bool use) {
  use_dmi_ = use;
  dmi_valid_ = dmi_hinted_ = false;
}

std::uint8_t* BufferPort::direct(tlm::tlm_command command, const Access& access) {
  if (!use_dmi_) return nullptr;
  if (!dmi_valid_ && dmi_hinted_) {
    payload_.set_command(command);
    payload_.set_address(access.offset);
    dmi_valid_ = socket->get_direct_mem_ptr(payload_, dmi_);
    dmi_hinted_ = dmi_valid_;
  }
  const std::uint64_t extent =
      access.count == 0 ? 0 : (access.count - 1) * access.stride + access.length;
  if (!dmi_valid_ || access.offset < dmi_.get_start_address() ||
      access.offset > dmi_.get_end_address() ||
      extent > dmi_.get_end_address() - access.offset + 1) {
    return nullptr;
  }
  const bool allowed =
      command == tlm::TLM_READ_COMMAND ? dmi_.is_read_allowed() : dmi_.is_write_allowed();
  if (!allowed) return nullptr;
  meter->count_direct_access(command == tlm::TLM_WRITE_COMMAND, access.length * access.count);
  return dmi_.get_dmi_ptr() + (access.offset - dmi_.get_start_address());
}

void BufferPort::transport(tlm::tlm_command command, const Access& access) {
  // A generic payload's length is 32 bits: longer blocks go in pieces.
  constexpr std::uint64_t kMaxPiece = 1ull << 30;
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  for (std::uint64_t i = 0; i < access.count; ++i) {
    for (std::uint64_t done = 0; done < access.length;) {
      const auto piece = static_cast<unsigned int>(std::min(kMaxPiece, access.length - done));
      const std::uint64_t offset = access.offset + i * access.stride + done;
      payload_.set_command(command);
      payload_.set_address(offset);
      payload_.set_data_ptr(scratch_.data() + i * access.stride + done);
      payload_.set_data_length(piece);
      payload_.set_streaming_width(piece);
      payload_.set_byte_enable_ptr(nullptr);
      payload_.set_dmi_allowed(false);
      payload_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
      socket->b_transport(payload_, delay);
      if (payload_.is_response_error()) {
        throw std::runtime_error(std::string(socket.name()) + ": " +
                                 payload_.get_response_string() + " for " +
                                 std::to_string(piece) + " bytes at offset " +
                                 std::to_string(offset));
      }
      if (payload_.is_dmi_allowed()) dmi_hinted_ = true;
      done += piece;
    }
  }
}

const std::uint8_t* BufferPort::read(std::uint64_t offset, std::uint64_t length,
                                     std::uint64_t count, std::uint64_t stride) {
  const Access access{offset, length, count, stride};
  if (const std::uint8_t* cell = direct(tlm::TLM_READ_COMMAND, access)) return cell;
  scratch_.resize(count == 0 ? 0 : (count - 1) * stride + length);
  transport(tlm::TLM_READ_COMMAND, access);
  return scratch_.data();
}

std::uint8_t* BufferPort::begin_write(std::uint64_t offset, std::uint64_t length,
                                      std::uint64_t count, std::uint64_t stride) {
  const Access access{offset, length, count, stride};
  pending_write_ = Access{};
  if (std::uint8_t* cell = direct(tlm::TLM_WRITE_COMMAND, access)) return cell;
  pending_write_ = access;
  scratch_.resize(count == 0 ? 0 : (count - 1) * stride + length);
  return scratch_.data();
}

void BufferPort::end_write() {
  if (pending_write_.count == 0) return;  // written through DMI already
  const Access access = pending_write_;
  pending_write_ = Access{};
  transport(tlm::TLM_WRITE_COMMAND, access);
}

void BufferPort::invalidate_direct_mem_ptr(sc_dt::uint64 start, sc_dt::uint64 end) {
  if (dmi_valid_ && start <= dmi_.get_end_address() && end >= dmi_.get_start_address()) {
    dmi_valid_ = dmi_hinted_ = false;
  }
}

}  // namespace fineq
