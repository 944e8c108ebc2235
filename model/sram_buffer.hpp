#pragma once
// An on-chip SRAM buffer: a byte array of fixed size that counts the bytes written into it
// and read out of it (the energy model's SRAM events).
#include <cstdint>
#include <string>

#include "zeroed_bytes.hpp"

namespace fineq {

class SramBuffer {
 public:
  SramBuffer(std::string name, std::uint64_t bytes);

  // Resizes (between jobs, when the platform is reconfigured) and clears the counters.
  void resize(std::uint64_t bytes);
  std::uint64_t size() const { return bytes_.size(); }

  // Where `count` blocks of `length` bytes, `stride` apart, starting at `offset`, are written;
  // counts them. Throws std::out_of_range if they do not fit.
  std::uint8_t* write_span(std::uint64_t offset, std::uint64_t length, std::uint64_t count = 1,
                           std::uint64_t stride = 0);
  // The same for reading.
  const std::uint8_t* read_span(std::uint64_t offset, std::uint64_t length,
                                std::uint64_t count = 1, std::uint64_t stride = 0);

  std::uint64_t read_bytes() const { return read_bytes_; }
  std::uint64_t write_bytes() const { return write_bytes_; }
  void reset_counters() { read_bytes_ = write_bytes_ = 0; }

 private:
  std::uint8_t* span(std::uint64_t offset, std::uint64_t length, std::uint64_t count,
                     std::uint64_t stride, std::uint64_t& counter);

  std::string name_;
  ZeroedBytes bytes_;
  std::uint64_t read_bytes_ = 0;
  std::uint64_t write_bytes_ = 0;
};

}  // namespace fineq
