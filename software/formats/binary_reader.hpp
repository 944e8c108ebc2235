#pragma once
// Bounds-checked little-endian reads from a binary file of known size. Every read checks
// the bytes that remain first, so a corrupt length field produces a clear error instead of
// a huge allocation. Errors are std::runtime_error prefixed with the current context
// (e.g. "model.fqw: tensor 3 'layers.0.wq'").
#include <cstdint>
#include <fstream>
#include <istream>
#include <string>
#include <vector>

#include <boost/crc.hpp>

namespace fineq {

// Opens `path` for binary reading; throws std::runtime_error naming it if that fails or it
// is not a regular file.
std::ifstream open_binary_input(const std::string& path);

// Bytes from the current position of `in` to its end (the stream is left where it was).
std::uint64_t bytes_until_end(std::istream& in);

class BinaryReader {
 public:
  BinaryReader(std::istream& in, std::uint64_t size, std::string context);

  std::uint64_t position() const { return position_; }
  std::uint64_t remaining() const { return size_ - position_; }
  const std::string& context() const { return context_; }
  void set_context(std::string context) { context_ = std::move(context); }
  [[noreturn]] void fail(const std::string& what) const;

  // Each read names the field it reads, for the truncation message.
  void read(void* destination, std::uint64_t count, const std::string& field);
  std::uint8_t u8(const std::string& field);
  std::uint16_t u16(const std::string& field);
  std::uint32_t u32(const std::string& field);
  std::uint64_t u64(const std::string& field);
  std::int32_t i32(const std::string& field);
  float f32(const std::string& field);
  // count elements; fails before allocating if count * element size exceeds remaining().
  std::vector<std::uint8_t> bytes(std::uint64_t count, const std::string& field);
  std::vector<std::uint16_t> u16_array(std::uint64_t count, const std::string& field);
  std::vector<std::uint32_t> u32_array(std::uint64_t count, const std::string& field);
  std::vector<float> f32_array(std::uint64_t count, const std::string& field);

  // CRC-32 (zlib/PNG polynomial) of the bytes read since the last restart_checksum().
  void restart_checksum() { crc_.reset(); }
  std::uint32_t checksum() const { return crc_.checksum(); }

 private:
  void require(std::uint64_t count, std::uint64_t element_size, const std::string& field) const;
  template <typename T>
  std::vector<T> little_endian_array(std::uint64_t count, const std::string& field);

  std::istream& in_;
  std::uint64_t size_;
  std::uint64_t position_ = 0;
  std::string context_;
  boost::crc_32_type crc_;
};

}  // namespace fineq
