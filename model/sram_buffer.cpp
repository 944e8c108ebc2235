#include "sram_buffer.hpp"

#include <stdexcept>

namespace fineq {

SramBuffer::SramBuffer(std::string name, std::uint64_t bytes) : name_(std::move(name)) {
  resize(bytes);
}

void SramBuffer::resize(std::uint64_t bytes) {
  bytes_ = ZeroedBytes(bytes);
  reset_counters();
}

std::uint8_t* SramBuffer::span(std::uint64_t offset, std::uint64_t length, std::uint64_t count,
                               std::uint64_t stride, std::uint64_t& counter) {
  const std::uint64_t extent = count == 0 ? 0 : (count - 1) * stride + length;
  if (offset > bytes_.size() || extent > bytes_.size() - offset) {
    throw std::out_of_range(name_ + ": access of " + std::to_string(extent) + " bytes at " +
                            std::to_string(offset) + " exceeds its " +
                            std::to_string(bytes_.size()) + " bytes");
  }
  counter += length * count;
  return bytes_.data() + offset;
}

std::uint8_t* SramBuffer::write_span(std::uint64_t offset, std::uint64_t length,
                                     std::uint64_t count, std::uint64_t stride) {
  return span(offset, length, count, stride, write_bytes_);
}

const std::uint8_t* SramBuffer::read_span(std::uint64_t offset, std::uint64_t length,
                                          std::uint64_t count, std::uint64_t stride) {
  return span(offset, length, count, stride, read_bytes_);
}

}  // namespace fineq
